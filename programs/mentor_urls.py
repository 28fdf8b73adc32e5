"""URLs of the mentor's workspace (merged into the programs namespace by programs/urls.py)."""

urlpatterns = []
