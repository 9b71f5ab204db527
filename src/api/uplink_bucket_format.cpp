#include "api/uplink_bucket_format.h"

#include <charconv>
#include <cmath>

#include "api/json_format.h"

namespace ww {
namespace {

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void AppendDigits(std::string& out, std::int64_t v, int width) {
  char buf[8];
  for (int i = width - 1; i >= 0; --i, v /= 10) buf[i] = static_cast<char>('0' + v % 10);
  out.append(buf, static_cast<std::size_t>(width));
}

}  // namespace

// Howard Hinnant's days_from_civil inverse (public domain): gmtime_r and
// snprintf per bucket were half the cost of the 90-day JSON.
void AppendIso(std::string& out, std::int64_t unix_ms) {
  const std::int64_t secs = FloorDiv(unix_ms, 1000);
  const std::int64_t days = FloorDiv(secs, 86'400);
  const std::int64_t z = days + 719'468;
  const std::int64_t era = FloorDiv(z, 146'097);
  const std::int64_t doe = z - era * 146'097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) {
    out += Iso(FromUnixMillis(unix_ms));  // four digits no longer suffice
    return;
  }
  const std::int64_t sod = secs - days * 86'400;
  AppendDigits(out, year, 4);
  out += '-';
  AppendDigits(out, month, 2);
  out += '-';
  AppendDigits(out, day, 2);
  out += 'T';
  AppendDigits(out, sod / 3600, 2);
  out += ':';
  AppendDigits(out, sod / 60 % 60, 2);
  out += ':';
  AppendDigits(out, sod % 60, 2);
  out += '.';
  AppendDigits(out, unix_ms - secs * 1000, 3);
  out += "+00:00";
}

namespace {

// Writes the fields of one bucket in order, with the separators of its format.
class FieldWriter {
 public:
  FieldWriter(std::string& out, BucketFormat format)
      : out_(out), json_(format == BucketFormat::kJsonObject) {}

  void Open() {
    if (json_) out_ += '{';
  }
  void Close() {
    if (json_) out_ += '}';
  }
  void Int(std::int64_t v) {
    Next();
    char buf[24];
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
  // Rounded to 0.01 as RoundTo(v, 2) does (without its pow() per call); null
  // when absent or not finite.
  void Hundredths(std::optional<double> v) {
    Next();
    if (!v || !std::isfinite(*v)) return Null();
    char buf[32];
    char* end = std::to_chars(buf, buf + sizeof buf, std::round(*v * 100.0) / 100.0).ptr;
    const std::string_view text(buf, static_cast<std::size_t>(end - buf));
    out_ += text;
    // Shortest round-trip digits, plus ".0" on whole numbers as the JSON DOM prints them.
    if (text.find_first_of(".e") == std::string_view::npos) out_ += ".0";
  }
  // Plain ASCII values (timestamps, labels): nothing to escape or quote.
  void Text(std::string_view v) {
    Next();
    if (json_) out_ += '"';
    out_ += v;
    if (json_) out_ += '"';
  }
  void Time(std::int64_t unix_ms) {
    Next();
    if (json_) out_ += '"';
    AppendIso(out_, unix_ms);
    if (json_) out_ += '"';
  }
  void Absent() {
    Next();
    Null();
  }

 private:
  void Next() {
    if (field_ > 0) out_ += ',';
    if (json_) {
      out_ += '"';
      out_ += kBucketFields[field_];
      out_ += "\":";
    }
    ++field_;
  }
  void Null() {
    if (json_) out_ += "null";
  }

  std::string& out_;
  const bool json_;
  std::size_t field_ = 0;
};

}  // namespace

void AppendBucket(std::string& out, const UplinkBucket& b, BucketFormat format) {
  FieldWriter w(out, format);
  w.Open();
  w.Time(b.start_ms);
  w.Int(FloorDiv(b.start_ms, 1000));
  if (b.state) {
    w.Int(static_cast<int>(*b.state));
  } else {
    w.Absent();
  }
  w.Text(b.state ? UplinkStateLabel(*b.state) : std::string_view("NO_DATA"));
  w.Int(b.up_minutes);
  w.Int(b.degraded_minutes);
  w.Int(b.down_minutes);
  w.Int(b.missing_minutes);
  w.Int(b.samples);
  w.Int(b.lost);
  w.Hundredths(b.loss_pct);
  w.Hundredths(b.avg_ms);
  w.Hundredths(b.min_ms);
  w.Hundredths(b.max_ms);
  w.Close();
}

}  // namespace ww
