"""The desk's models, Qt-free: the queue panel, the case workspace, what they reach outside."""
