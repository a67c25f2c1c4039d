"""REST API for extraction runs and uploads of new policy versions."""
