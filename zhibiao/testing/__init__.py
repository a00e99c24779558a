"""Testing helpers for systems that embed zhibiao (install with ``zhibiao[testing]``)."""
