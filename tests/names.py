"""Names for generated test data that tell every item apart."""


def letters(n: int) -> str:
    """A name part unique to *n* (names hold no digits): a, b, ..., z, aa, ab, ..."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out
