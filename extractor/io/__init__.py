"""Articles in, records out: input readers, table declarations, record -> rows, output sinks."""
