"""Why a file cannot be used: a stable code and a message a staff member can act on."""


class UnusableDocument(Exception):
    """The file cannot be read as a disclosure report. Nothing is stored."""

    code = "unusable"
    message = "无法读取该文件。"

    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__(f"{self.code}: {self.message}" + (f" ({detail})" if detail else ""))


class NotAPdf(UnusableDocument):
    code = "not_pdf"
    message = "文件不是PDF，请上传PDF格式的预决算公开文件。"


class EncryptedPdf(UnusableDocument):
    code = "encrypted"
    message = "文件已加密，请上传未加密的版本。"


class DamagedPdf(UnusableDocument):
    code = "damaged"
    message = "文件已损坏或不完整，请重新导出或重新下载后上传。"


class EmptyPdf(UnusableDocument):
    code = "empty"
    message = "文件没有任何页面，请检查后重新上传。"


class TooLarge(UnusableDocument):
    code = "too_large"
    message = "文件过大，请拆分或压缩后上传。"


class NoTextLayer(UnusableDocument):
    code = "no_text"
    message = "文件中没有可读取的文字（全部为图片），需要先进行文字识别（OCR）。"
    # when the pages were read by OCR and still gave no text
    after_ocr_message = "文件全部为图片，文字识别（OCR）也未能读出文字，请检查扫描是否清晰，或上传带文字的版本。"


class PageTimeout(UnusableDocument):
    code = "timeout"
    message = "某一页解析超时，文件可能有异常内容，请检查该页后重新上传。"
