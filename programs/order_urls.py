"""URLs of orders and documents (merged into the programs namespace by programs/urls.py)."""

from django.urls import path

from programs import order_views as views

urlpatterns = [
    # Orders: the registry, drafting, one order, signing
    path("orders/", views.order_list, name="order-list"),
    path("orders/new/", views.order_create_choose, name="order-create"),
    path("orders/new/<slug:kind>/", views.order_create, name="order-create-kind"),
    path("orders/<int:pk>/", views.order_detail, name="order-detail"),
    path("orders/<int:pk>/preview/", views.order_preview, name="order-preview"),
    path("orders/<int:pk>/pdf/", views.order_pdf, name="order-pdf"),
    path("orders/<int:pk>/edit/", views.order_edit, name="order-edit"),
    path("orders/<int:pk>/delete/", views.order_delete, name="order-delete"),
    path("orders/<int:pk>/sign/", views.order_sign, name="order-sign"),
    # Documents: a preview page and a PDF of each
    path("documents/", views.document_hub, name="document-hub"),
    path("documents/programs/<int:pk>/", views.program_documents, name="document-program-set"),
    path("documents/consent/<int:pk>/", views.consent_document, name="document-consent"),
    path("documents/consent/<int:pk>/pdf/", views.consent_document, {"as_pdf": True}, name="document-consent-pdf"),
    path("documents/agreement/<int:pk>/", views.agreement_document, name="document-agreement"),
    path(
        "documents/agreement/<int:pk>/pdf/", views.agreement_document, {"as_pdf": True}, name="document-agreement-pdf"
    ),
    path("documents/roadmap/<int:pk>/", views.roadmap_document, name="document-roadmap"),
    path("documents/roadmap/<int:pk>/pdf/", views.roadmap_document, {"as_pdf": True}, name="document-roadmap-pdf"),
    path("documents/program/<int:pk>/", views.program_document, name="document-program"),
    path("documents/program/<int:pk>/pdf/", views.program_document, {"as_pdf": True}, name="document-program-pdf"),
    path("documents/thanks/<int:pk>/<int:person_pk>/", views.thanks_document, name="document-thanks"),
    path(
        "documents/thanks/<int:pk>/<int:person_pk>/pdf/",
        views.thanks_document,
        {"as_pdf": True},
        name="document-thanks-pdf",
    ),
    # The consents of a class in the background
    path("documents/consents/class/", views.consent_batch_create, name="consent-batch-create"),
    path("documents/batches/<slug:batch_id>/", views.consent_batch, name="consent-batch"),
    path("documents/batches/<slug:batch_id>/status/", views.consent_batch_status, name="consent-batch-status"),
    path("documents/batches/<slug:batch_id>/pdf/", views.consent_batch_pdf, name="consent-batch-pdf"),
]
