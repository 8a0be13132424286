"""Live updates of families' open pages (server push).

Django side: `push.emit.push_emit` (NOTIFY inside the caller's transaction) and
`push.tokens` (the short-lived signed token a page opens its stream with). Push side:
`push.server`, a small ASGI app that LISTENs and relays to the open streams without Django's
ORM or tenant machinery: the school comes only from the verified token.
"""
