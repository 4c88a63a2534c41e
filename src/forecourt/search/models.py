"""One search document per live customer: the normalised text both index backends serve."""

from django.db import models


class SearchDocument(models.Model):
    """The searchable text of one customer (and the vehicles it owns).

    SQLite mirrors `document` into an FTS5 trigram table through triggers (same transaction);
    PostgreSQL serves it with a pg_trgm GIN index. Both are created by this app's migrations.
    """

    id = models.BigAutoField(primary_key=True)
    dealer = models.ForeignKey("tenancy.Dealer", on_delete=models.CASCADE, related_name="+")
    customer = models.OneToOneField(
        "customers.Customer", on_delete=models.CASCADE, related_name="search_document"
    )
    document = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["dealer"], name="searchdoc_dealer")]

    def __str__(self) -> str:
        return f"search document of {self.customer_id}"
