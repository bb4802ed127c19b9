namespace DropIt.Panel.Core.Docker;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls back on the reading thread, in order; <see cref="Progress{T}"/>
/// would post to the thread pool, where a report can arrive after the call has returned.
/// </summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
