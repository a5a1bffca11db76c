namespace PolicySearch.Retrieval;

/// <summary>
/// The k best-scored items seen, ties going to the lower document number (the order Lucene gives equal scores).
/// </summary>
internal sealed class TopK<T>(int k)
{
    private readonly PriorityQueue<T, (float Score, int Doc)> _queue = new(k + 1, Worse.Instance);

    public void Offer(T item, float score, int doc)
    {
        if (k <= 0) return;
        if (_queue.Count < k)
        {
            _queue.Enqueue(item, (score, doc));
            return;
        }
        _queue.TryPeek(out _, out var weakest);
        if (Worse.Instance.Compare((score, doc), weakest) > 0) _queue.EnqueueDequeue(item, (score, doc));
    }

    /// <summary>Best first; empties the collection.</summary>
    public List<(T Item, float Score)> Ranked()
    {
        var ranked = new List<(T Item, float Score)>(_queue.Count);
        while (_queue.TryDequeue(out var item, out var priority)) ranked.Add((item, priority.Score));
        ranked.Reverse();
        return ranked;
    }

    /// <summary>Orders the weakest first (the queue's head is the next to drop): lower score, then higher document.</summary>
    private sealed class Worse : IComparer<(float Score, int Doc)>
    {
        public static readonly Worse Instance = new();

        public int Compare((float Score, int Doc) x, (float Score, int Doc) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : y.Doc.CompareTo(x.Doc);
        }
    }
}
