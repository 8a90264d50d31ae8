"""Tests of the guide frontends."""
