namespace DropIt.Panel.Core.Monitoring;

/// <summary>The last <see cref="Capacity"/> items, oldest dropped first; not thread-safe (callers lock).</summary>
public sealed class RingBuffer<T>
{
    private readonly T[] items;
    private int start;

    public RingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        items = new T[capacity];
    }

    public int Capacity => items.Length;

    public int Count { get; private set; }

    public void Add(T item)
    {
        if (Count < items.Length)
        {
            items[(start + Count) % items.Length] = item;
            Count++;
            return;
        }

        items[start] = item;
        start = (start + 1) % items.Length;
    }

    /// <summary>The newest item, or default when empty.</summary>
    public T? Last => Count == 0 ? default : items[(start + Count - 1) % items.Length];

    /// <summary>A copy, oldest first.</summary>
    public T[] ToArray()
    {
        var copy = new T[Count];
        for (var i = 0; i < Count; i++)
        {
            copy[i] = items[(start + i) % items.Length];
        }

        return copy;
    }
}
