"""Benchmarks: ``make bench`` runs them all, prints figures and writes bench/results/*.json."""
