"""Score: MQM quality and the publication gate."""
