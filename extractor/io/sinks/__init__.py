"""Output sinks; ``extractor.io.sinks.registry`` is the one place that maps an output to its kind."""
