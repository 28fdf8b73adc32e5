"""URLs of orders and documents (merged into the programs namespace by programs/urls.py)."""

urlpatterns = []
