// GET /reports and /reports/<file>[?download=1]: the HTML reports in
// <data_dir>/reports (src/export).

#include "api/handlers.h"
#include "export/dated_files.h"
#include "export/file_listing.h"

namespace ww {
namespace {

constexpr std::string_view kPrefix = "/reports/";
// A report carries its CSS inline and no script at all; this page-specific
// policy allows exactly that (the server's default forbids inline style).
constexpr std::string_view kReportPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

}  // namespace

HttpResponse HandleReportsList(const ApiContext& context, const HttpRequest& request) {
  const auto files = context.data_dir.empty()
                         ? std::vector<FileEntry>{}
                         : ListFiles(context.data_dir / kReportsDirName, ".html");
  HttpResponse response{
      200, "text/html; charset=utf-8", FileListPage(FileKind::kReport, files), {}};
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

HttpResponse HandleReportFile(const ApiContext& context, const HttpRequest& request) {
  const std::string_view name = std::string_view(request.path).substr(kPrefix.size());
  if (name.empty()) return HandleReportsList(context, request);
  if (context.data_dir.empty()) return HttpResponse::Error(404, "Not Found: " + request.path);
  FileLookup file = LookUpFile(context.data_dir / kReportsDirName, name, ".html");
  if (file.status != 200) return HttpResponse::Error(file.status, file.detail);
  HttpResponse response{200, "text/html; charset=utf-8", std::move(file.bytes), {}};
  const auto download = request.Query("download");
  const bool attachment = download && !download->empty() && *download != "0";
  response.headers.emplace_back(
      "Content-Disposition", std::string(attachment ? "attachment" : "inline") + "; filename=\"" +
                                 std::string(name) + "\"");
  response.headers.emplace_back("Content-Security-Policy", std::string(kReportPolicy));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace ww
