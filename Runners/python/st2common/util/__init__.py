"""Helpers from st2common.util that pack code imports."""
