from programs import mentor_urls

app_name = "programs"

urlpatterns = [
    *mentor_urls.urlpatterns,
]
