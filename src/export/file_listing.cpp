#include "export/file_listing.h"

#include "core/time_format.h"
#include "export/html_text.h"

namespace ww {

std::string FileListPage(FileKind kind, const std::vector<FileEntry>& files) {
  const bool reports = kind == FileKind::kReport;
  const std::string title = reports ? "wanwatch reports" : "wanwatch logs";
  const std::string prefix = reports ? "/reports/" : "/logs/";
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"color-scheme\" content=\"dark light\">\n<title>" +
      title + "</title>\n</head>\n<body>\n<h1>" + title + "</h1>\n<p>" +
      (reports ? std::string("HTML reports (wanwatch report, and the daily one).")
               : std::string("Daily CSV logs: ping_log_DATE.csv and "
                             "drops_DATE.csv.")) +
      " Times are UTC. <a href=\"/\">Dashboard</a></p>\n";
  if (files.empty()) {
    html += std::string("<p>No ") + (reports ? "reports" : "log files") + " yet.</p>\n";
  } else {
    html += "<table>\n<thead><tr><th>File</th><th>Size</th><th>Modified</th>" +
            std::string(reports ? "<th></th>" : "") + "</tr></thead>\n<tbody>\n";
    for (const FileEntry& f : files) {
      const std::string name = HtmlEscape(f.name);
      html += "<tr><td><a href=\"" + prefix + name + "\"" + (reports ? "" : " download") + ">" +
              name + "</a></td><td>" + FormatBytes(f.size) + "</td><td>" +
              HtmlEscape(FormatIso8601Seconds(f.modified)) + "</td>";
      if (reports) html += "<td><a href=\"" + prefix + name + "?download=1\">download</a></td>";
      html += "</tr>\n";
    }
    html += "</tbody>\n</table>\n";
  }
  return html + "</body>\n</html>\n";
}

FileLookup LookUpFile(const std::filesystem::path& dir, std::string_view name,
                      std::string_view suffix) {
  FileLookup out;
  if (!IsSafeFileName(name)) {
    out.status = 403;
    out.detail = "Forbidden: invalid file name";
    return out;
  }
  if (!name.ends_with(suffix)) {
    out.status = 404;
    out.detail = "Not Found: " + std::string(name);
    return out;
  }
  FileContent content = ReadWholeFile(dir / std::string(name), kMaxDownloadBytes);
  switch (content.failure) {
    case ReadFailure::kNone:
      out.bytes = std::move(content.bytes);
      return out;
    case ReadFailure::kMissing:
      out.status = 404;
      out.detail = "Not Found: " + std::string(name);
      return out;
    case ReadFailure::kTooLarge:
    case ReadFailure::kIo:
      out.status = 500;
      out.detail = content.error;
      return out;
  }
  return out;
}

}  // namespace ww
