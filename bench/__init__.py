"""Speed measurements (see README.md); also the bulk data they share with tests."""
