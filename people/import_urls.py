"""URLs of the roster import (merged into the people namespace by people/urls.py)."""

urlpatterns = []
