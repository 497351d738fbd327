"""The dashboard's screens, one per file; each takes its models and listens to them."""
