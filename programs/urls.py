from programs import mentor_urls, order_urls

app_name = "programs"

urlpatterns = [
    *mentor_urls.urlpatterns,
    *order_urls.urlpatterns,
]
