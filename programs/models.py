"""Programs, pairs and groups (see issue "Programs")."""
