"""Number search and ordering at inventory scale: the sandbox carrier's ten million numbers."""
