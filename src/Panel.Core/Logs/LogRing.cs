using System.Collections;

namespace DropIt.Panel.Core.Logs;

/// <summary>
/// The newest lines, at most <see cref="Capacity"/>: once full, each new line takes the place of the oldest.
/// Indexed like a list (oldest first), so a virtualised view reads any window of it without a copy.
/// Not thread-safe.
/// </summary>
public sealed class LogRing<T>(int capacity) : IList<T>, IReadOnlyList<T>
{
    private T[] items = new T[Math.Min(Math.Max(capacity, 1), 1024)];
    private int start;

    public int Capacity { get; } = Math.Max(capacity, 1);

    public int Count { get; private set; }

    /// <summary>Lines pushed out since the last <see cref="Clear"/>.</summary>
    public long Dropped { get; private set; }

    public bool IsReadOnly => false;

    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return items[(start + index) % items.Length];
        }
        set => throw new NotSupportedException("Lines are only added.");
    }

    /// <summary>Adds a line; true when the oldest was pushed out for it.</summary>
    public bool Add(T item)
    {
        if (Count < Capacity)
        {
            if (Count == items.Length)
            {
                // Not full yet: grow like a list, the oldest line first again.
                var grown = new T[(int)Math.Min(Capacity, items.Length * 2L)];
                for (var i = 0; i < Count; i++)
                {
                    grown[i] = items[(start + i) % items.Length];
                }

                (items, start) = (grown, 0);
            }

            items[(start + Count) % items.Length] = item;
            Count++;
            return false;
        }

        items[start] = item;
        start = (start + 1) % items.Length;
        Dropped++;
        return true;
    }

    /// <summary>Removes the <paramref name="count"/> oldest lines (not counted as <see cref="Dropped"/>).</summary>
    public void RemoveOldest(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        for (var i = 0; i < count; i++)
        {
            items[(start + i) % items.Length] = default!;
        }

        start = (start + count) % items.Length;
        Count -= count;
    }

    public void AddRange(IEnumerable<T> lines)
    {
        foreach (var line in lines)
        {
            Add(line);
        }
    }

    public void Clear()
    {
        if (items.Length > 1024)
        {
            items = new T[Math.Min(Capacity, 1024)];
        }
        else
        {
            Array.Clear(items);
        }

        start = 0;
        Count = 0;
        Dropped = 0;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<T>.Add(T item) => Add(item);

    public int IndexOf(T item)
    {
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < Count; i++)
        {
            if (comparer.Equals(this[i], item))
            {
                return i;
            }
        }

        return -1;
    }

    public bool Contains(T item) => IndexOf(item) >= 0;

    public void CopyTo(T[] array, int arrayIndex)
    {
        for (var i = 0; i < Count; i++)
        {
            array[arrayIndex + i] = this[i];
        }
    }

    void IList<T>.Insert(int index, T item) => throw new NotSupportedException("Lines are only added.");

    void IList<T>.RemoveAt(int index) => throw new NotSupportedException("Lines are only added.");

    bool ICollection<T>.Remove(T item) => throw new NotSupportedException("Lines are only added.");
}
