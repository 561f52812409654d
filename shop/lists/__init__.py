"""Shopping lists (#15): the blueprint at /lists."""
