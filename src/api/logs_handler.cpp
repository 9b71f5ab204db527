// GET /logs and /logs/<file>: the CSV logs in <data_dir>/logs (src/export).

#include "api/handlers.h"
#include "export/dated_files.h"
#include "export/file_listing.h"

namespace ww {
namespace {

constexpr std::string_view kPrefix = "/logs/";

}  // namespace

HttpResponse HandleLogsList(const ApiContext& context, const HttpRequest& request) {
  const auto files = context.data_dir.empty() ? std::vector<FileEntry>{}
                                              : ListFiles(context.data_dir / kLogsDirName, ".csv");
  HttpResponse response{
      200, "text/html; charset=utf-8", FileListPage(FileKind::kCsvLog, files), {}};
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

HttpResponse HandleLogFile(const ApiContext& context, const HttpRequest& request) {
  const std::string_view name = std::string_view(request.path).substr(kPrefix.size());
  if (name.empty()) return HandleLogsList(context, request);
  if (context.data_dir.empty()) return HttpResponse::Error(404, "Not Found: " + request.path);
  FileLookup file = LookUpFile(context.data_dir / kLogsDirName, name, ".csv");
  if (file.status != 200) return HttpResponse::Error(file.status, file.detail);
  HttpResponse response{200, "text/csv; charset=utf-8", std::move(file.bytes), {}};
  // The name passed IsSafeFileName: no quote or separator to escape.
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + std::string(name) + "\"");
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace ww
