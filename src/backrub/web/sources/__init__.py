"""The `/sources` page: the references backrub's advice rests on."""
