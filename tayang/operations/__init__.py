"""Running Tayang as a service: health and readiness, the workers' heartbeat, static files,
object storage helpers, and backup and restore (docs/deployment.md)."""
