"""What the import API takes and returns: an upload, its preview with every problem, a run."""

from rest_framework import serializers


class ImportUploadInputSerializer(serializers.Serializer):
    # NOTE: plain text fields, not choices: the service checks them and names the choices,
    # and other resources' "kind" and "status" enums keep their names in the schema.
    kind = serializers.CharField(
        help_text="Which list: pupils, staff, classes or guardians.",
    )
    layout = serializers.CharField(
        default="auto",
        help_text=(
            "The file's layout: ministry (CSDL ngành), vnedu, smas, or auto to detect it "
            "from the headers."
        ),
    )
    file = serializers.FileField(
        allow_empty_file=True,
        help_text="The list, an Excel workbook (.xlsx) or a CSV file in UTF-8 (multipart).",
    )


class ImportProblemOutputSerializer(serializers.Serializer):
    sheet = serializers.CharField(help_text="The sheet, when the workbook has several.")
    row = serializers.IntegerField(
        allow_null=True, help_text="The row as the spreadsheet numbers it, or null for the file."
    )
    column = serializers.CharField(help_text="The column's header as the file writes it.")
    value = serializers.CharField(help_text="The cell's value.")
    message = serializers.CharField(help_text="What is wrong, in the caller's language.")


class ImportChangeOutputSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row as the spreadsheet numbers it.")
    sheet = serializers.CharField(help_text="The sheet, when the workbook has several.")
    key = serializers.CharField(help_text="The identifier, staff code or class name.")
    name = serializers.CharField(help_text="Whose row it is.")
    fields = serializers.ListField(
        child=serializers.CharField(),
        help_text='What changes, e.g. "Ngày sinh: 03/04/2012 → 04/03/2012".',
    )


class ImportRunOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The run's id, to commit it.")
    kind = serializers.CharField(help_text="Which list: pupils, staff, classes or guardians.")
    layout = serializers.CharField(help_text="The layout read: ministry, vnedu or smas.")
    file_name = serializers.CharField(help_text="The uploaded file's name.")
    sha256 = serializers.CharField(help_text="The SHA-256 of the file, in hexadecimal.")
    size = serializers.IntegerField(help_text="The file's size in bytes.")
    rows = serializers.IntegerField(help_text="How many data rows the file has.")
    status = serializers.CharField(help_text="ready (to commit) or committed.")
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=(
            "Rows to create, update and leave unchanged (create, update, unchanged), and the "
            "list's details (guardians_created, links_created, enrolments_created, moves, …)."
        ),
    )
    changes = ImportChangeOutputSerializer(
        many=True, source="summary.changes", help_text="The rows that change something."
    )
    columns = serializers.DictField(
        child=serializers.CharField(),
        source="summary.columns",
        help_text="Each field read, with its column's header in the file.",
    )
    ignored_columns = serializers.ListField(
        child=serializers.CharField(),
        source="summary.ignored_columns",
        help_text="The file's columns that were not read.",
    )
    created_at = serializers.DateTimeField(help_text="When the file was uploaded.")
    created_by = serializers.CharField(
        source="created_by.username",
        default=None,
        allow_null=True,
        help_text="Who uploaded it (null: the command line).",
    )
    committed_at = serializers.DateTimeField(
        allow_null=True, help_text="When it was committed, or null if not yet."
    )


class ImportErrorOutputSerializer(serializers.Serializer):
    """The shape of an error answer (config.api.exception_handler)."""

    message = serializers.CharField(help_text="What went wrong, in the caller's language.")
    extra = serializers.DictField(
        help_text=(
            'Details: "problems" (every problem of the file: sheet, row, column, value, '
            'message) and "preview" (the counts and columns), or "missing" and "found" '
            '(required columns missing, headers found), "size" and "limit", "encoding", "field".'
        )
    )


class ImportExportQueryInputSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="Which list: pupils, staff, classes or guardians.")
    layout = serializers.CharField(help_text="The layout: ministry, vnedu or smas.")
    file_format = serializers.CharField(
        default="xlsx", help_text="xlsx (Excel) or csv (UTF-8 with a byte-order mark)."
    )
