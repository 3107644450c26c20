"""Demo scrapes with known ground truth: realistic board files for the pipeline and the answers to score it."""

from hirehound.demo.generate import Summary, default_truth_path, generate_scrapes

__all__ = ["Summary", "default_truth_path", "generate_scrapes"]
