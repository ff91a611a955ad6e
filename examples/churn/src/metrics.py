"""Binary classification metrics shared by training and evaluation."""
import math


def auc(labels, scores):
    """ROC AUC by the rank-sum (Mann-Whitney U) statistic; tied scores share their average rank."""
    positives = sum(labels)
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        raise ValueError("AUC needs at least one positive and one negative example")
    order = sorted(range(len(scores)), key=scores.__getitem__)
    rank_sum = 0.0
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        average_rank = (start + end) / 2.0 + 1.0
        rank_sum += average_rank * sum(labels[order[i]] for i in range(start, end + 1))
        start = end + 1
    return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives)


def log_loss_from_logits(labels, logits):
    """Mean cross-entropy, computed from logits so it stays finite for confident predictions."""
    total = 0.0
    for y, z in zip(labels, logits):
        total += max(z, 0.0) + math.log1p(math.exp(-abs(z))) - y * z
    return total / len(labels)


def accuracy(labels, probabilities, threshold=0.5):
    hits = sum(1 for y, p in zip(labels, probabilities) if (p >= threshold) == (y == 1))
    return hits / len(labels)
