using System.Runtime.CompilerServices;

namespace DropIt.Panel.Core.Logs;

/// <summary>Several logs, each in time order, read as one in time order (ties keep the order of the sources).</summary>
public static class LogMerge
{
    public static async IAsyncEnumerable<LogLine> MergeAsync(IReadOnlyList<IAsyncEnumerable<LogLine>> sources,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerators = sources.Select(s => s.GetAsyncEnumerator(cancellationToken)).ToList();
        try
        {
            var heads = new List<IAsyncEnumerator<LogLine>>(enumerators.Count);
            foreach (var enumerator in enumerators)
            {
                if (await enumerator.MoveNextAsync())
                {
                    heads.Add(enumerator);
                }
            }

            while (heads.Count > 0)
            {
                var next = 0;
                for (var i = 1; i < heads.Count; i++)
                {
                    if (heads[i].Current.Timestamp < heads[next].Current.Timestamp)
                    {
                        next = i;
                    }
                }

                yield return heads[next].Current;
                if (!await heads[next].MoveNextAsync())
                {
                    heads.RemoveAt(next);
                }
            }
        }
        finally
        {
            foreach (var enumerator in enumerators)
            {
                await enumerator.DisposeAsync();
            }
        }
    }
}
