"""Developer tools: the benchmark and the synthetic data package."""
