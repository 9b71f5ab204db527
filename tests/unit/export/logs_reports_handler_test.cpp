// The /logs and /reports handlers (src/api/logs_handler.cpp, reports_handler.cpp)
// against a temporary data dir.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/handlers.h"
#include "export_test_util.h"
#include "http/request_decode.h"

namespace ww {
namespace {

using export_test::TempDir;
using export_test::WriteFile;

class NoStore : public Store {
 public:
  Status RegisterTargets(const std::vector<TargetSpec>&) override { return Status::Ok(); }
  void Append(const Sample&) override {}
  void RecordDrop(const DropRecord&) override {}
  void Flush() override {}
  std::vector<DropRecord> Drops(std::size_t) const override { return {}; }
  std::uint64_t DropCount() const override { return 0; }
  HistorySeries History(WallTime, WallTime, std::chrono::seconds) const override { return {}; }
  std::array<std::optional<HeatCell>, 24> Heatmap(WallTime, int) const override { return {}; }
  StoreHealth Health() const override { return {}; }
};

class FilesHandlers : public ::testing::Test {
 protected:
  FilesHandlers() : context{[] { return nullptr; }, store, clock} {
    context.data_dir = dir.path();
    std::filesystem::create_directories(dir.path() / "logs");
    std::filesystem::create_directories(dir.path() / "reports");
    WriteFile(dir.path() / "logs" / "ping_log_2027-01-15.csv", "Timestamp,Target\r\n");
    WriteFile(dir.path() / "reports" / "report_2027-01-15_24h.html", "<!DOCTYPE html><p>r</p>");
    WriteFile(dir.path() / "wanwatch.db", "secret");
  }
  // Decodes the raw target as the server does.
  HttpRequest Get(const std::string& target) {
    HttpRequest r;
    r.method = "GET";
    r.target = target;
    EXPECT_TRUE(DecodeTarget(r).ok()) << target;
    return r;
  }
  static std::string Header(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  TempDir dir;
  NoStore store;
  FakeClock clock;
  ApiContext context;
};

TEST_F(FilesHandlers, LogsListLinksTheFiles) {
  const HttpResponse r = HandleLogsList(context, Get("/logs"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("href=\"/logs/ping_log_2027-01-15.csv\""), std::string::npos) << r.body;
}

TEST_F(FilesHandlers, LogDownloadIsACsvAttachment) {
  const HttpResponse r = HandleLogFile(context, Get("/logs/ping_log_2027-01-15.csv"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(r.body, "Timestamp,Target\r\n");
  EXPECT_EQ(Header(r, "Content-Disposition"), "attachment; filename=\"ping_log_2027-01-15.csv\"");
}

TEST_F(FilesHandlers, TraversalAttemptsAre403Json) {
  for (const char* target :
       {"/logs/../wanwatch.db", "/logs/%2e%2e/wanwatch.db", "/logs/%2E%2E%2Fwanwatch.db",
        "/logs/..%5cwanwatch.db", "/logs//etc/passwd", "/logs/%2fetc%2fpasswd", "/logs/..",
        "/reports/../wanwatch.db", "/reports/%2e%2e%2fwanwatch.db", "/reports/a\\b.html"}) {
    const HttpRequest request = Get(target);
    const HttpResponse r = request.path.starts_with("/logs/") ? HandleLogFile(context, request)
                                                              : HandleReportFile(context, request);
    EXPECT_EQ(r.status, 403) << target;
    EXPECT_EQ(r.content_type, "application/json") << target;
    EXPECT_EQ(nlohmann::json::parse(r.body)["detail"], "Forbidden: invalid file name") << target;
  }
  HttpRequest nul = Get("/logs/x");
  nul.path = std::string("/logs/ping_log_2027-01-15.csv\0.txt", 34);
  EXPECT_EQ(HandleLogFile(context, nul).status, 403);
}

TEST_F(FilesHandlers, MissingFilesAre404Json) {
  const HttpResponse r = HandleLogFile(context, Get("/logs/ping_log_2027-01-16.csv"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(nlohmann::json::parse(r.body)["detail"], "Not Found: ping_log_2027-01-16.csv");
  EXPECT_EQ(HandleReportFile(context, Get("/reports/report_2000-01-01_24h.html")).status, 404);
}

TEST_F(FilesHandlers, ReportIsViewableAndDownloadable) {
  const HttpResponse view = HandleReportFile(context, Get("/reports/report_2027-01-15_24h.html"));
  EXPECT_EQ(view.status, 200);
  EXPECT_EQ(view.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(view.body, "<!DOCTYPE html><p>r</p>");
  EXPECT_TRUE(Header(view, "Content-Disposition").starts_with("inline"));
  const std::string csp = Header(view, "Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("script-src"), std::string::npos);  // falls back to 'none'
  const HttpResponse dl =
      HandleReportFile(context, Get("/reports/report_2027-01-15_24h.html?download=1"));
  EXPECT_EQ(Header(dl, "Content-Disposition"),
            "attachment; filename=\"report_2027-01-15_24h.html\"");
  const HttpResponse list = HandleReportsList(context, Get("/reports"));
  EXPECT_NE(list.body.find("/reports/report_2027-01-15_24h.html?download=1"), std::string::npos);
}

}  // namespace
}  // namespace ww
