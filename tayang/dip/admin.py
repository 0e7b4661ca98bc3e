from django.contrib import admin

from tayang.dip.models import Decree, Document, Entry


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["title", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_at"]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["number", "organization", "classification", "updated_on"]
    list_filter = ["organization", "classification"]
    search_fields = ["number", "summary"]
    inlines = [DocumentInline]


@admin.register(Decree)
class DecreeAdmin(admin.ModelAdmin):
    list_display = ["number", "organization", "issued_on"]
    list_filter = ["organization"]
