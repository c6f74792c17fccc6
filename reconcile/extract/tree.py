"""One sentence's dependency parse, indexed so that what frames ask of it costs the same however
long the sentence is.

spaCy lists a token's children by scanning every token between its leftmost and rightmost
descendants, and walks a subtree token by token; asked for each figure of a sentence that lists
thousands of them under one verb, that costs the square of the sentence. The index is built once
a sentence, in time proportional to it; every answer is the one spaCy's own walk would give.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import Any

# A test of one token, kept by identity: a module-level function, not a fresh lambda.
TokenTest = Callable[[Any], bool]


class Tree:
    """A spaCy Doc's tokens by character offset, children by dependency label, and subtrees as
    runs of one sequence: Token.subtree's order (the left children's subtrees, the token, the
    right children's subtrees), in which every subtree is contiguous."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        n = len(doc)
        self._starts: list[int] = []
        self._ends: list[int] = []
        heads: list[int] = []
        kids: list[list[int]] = [[] for _ in range(n)]
        self._kids: dict[tuple[int, str], list[int]] = {}
        for t in doc:  # one pass: spaCy makes a new Token object at every step
            i, idx, head = t.i, t.idx, t.head.i
            self._starts.append(idx)
            self._ends.append(idx + len(t))
            heads.append(head)
            if head != i:
                kids[head].append(i)
                self._kids.setdefault((head, t.dep_), []).append(i)
        roots = [i for i in range(n) if heads[i] == i]
        order = list(roots)  # every token after its head
        for i in order:
            order.extend(kids[i])
        self._size = [1] * n
        for i in reversed(order):
            if heads[i] != i:
                self._size[heads[i]] += self._size[i]
        self._first = [0] * n  # where each token's subtree starts in the sequence
        self._pos = [0] * n  # where the token itself stands in it
        at = 0
        for root in roots:
            self._first[root], at = at, at + self._size[root]
        for i in order:
            at = self._first[i]
            for k in kids[i]:
                if k < i:
                    self._first[k], at = at, at + self._size[k]
            self._pos[i], at = at, at + 1
            for k in kids[i]:
                if k > i:
                    self._first[k], at = at, at + self._size[k]
        self._seq = [0] * n
        for i, p in enumerate(self._pos):
            self._seq[p] = i
        self._climbed: dict[TokenTest, dict[int, int]] = {}
        self._counts: dict[TokenTest, list[int]] = {}

    def covering(self, start: int, end: int) -> list[Any]:
        """The tokens that share a character with [start, end)."""
        lo = bisect.bisect_right(self._ends, start)
        hi = bisect.bisect_left(self._starts, end)
        return [self.doc[i] for i in range(lo, hi)]

    def starting_in(self, start: int, end: int) -> list[Any]:
        """The tokens that start in [start, end)."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [self.doc[i] for i in range(lo, hi)]

    def kids(self, token: Any, *deps: str) -> list[Any]:
        """The token's children with one of these dependency labels, in sentence order."""
        found = [i for dep in deps for i in self._kids.get((token.i, dep), ())]
        return [self.doc[i] for i in (sorted(found) if len(deps) > 1 else found)]

    def within(self, head: Any, indices: Iterable[int]) -> list[Any]:
        """The tokens at `indices` that are in head's subtree, in Token.subtree's order."""
        lo = self._first[head.i]
        hi = lo + self._size[head.i]
        inside = {i for i in indices if 0 <= i < len(self._pos) and lo <= self._pos[i] < hi}
        return [self.doc[i] for i in sorted(inside, key=self._pos.__getitem__)]

    def edges(self, head: Any) -> tuple[Any, Any]:
        """The first and the last token of head's subtree, in Token.subtree's order."""
        lo = self._first[head.i]
        return self.doc[self._seq[lo]], self.doc[self._seq[lo + self._size[head.i] - 1]]

    def any_below(self, token: Any, test: TokenTest) -> bool:
        """Whether a token of token's subtree (itself included) passes `test`. The first
        question with a test reads the sentence once; the others cost nothing."""
        counts = self._counts.get(test)
        if counts is None:
            counts = [0]
            for i in self._seq:
                counts.append(counts[-1] + bool(test(self.doc[i])))
            self._counts[test] = counts
        lo = self._first[token.i]
        return bool(counts[lo + self._size[token.i]] > counts[lo])

    def climb(self, token: Any, stop: TokenTest) -> Any:
        """The first of the token and its ancestors, going up, that passes `stop`, else the
        root. Every token on the way remembers the answer, so all the figures of a sentence
        climb its tree once in all."""
        memo = self._climbed.setdefault(stop, {})
        path: list[int] = []
        t = token
        while True:
            if t.i in memo:
                top = memo[t.i]
                break
            path.append(t.i)
            if t.head.i == t.i or stop(t):
                top = t.i
                break
            t = t.head
        for i in path:
            memo[i] = top
        return self.doc[top]
