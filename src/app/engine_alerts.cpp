#include "app/engine_alerts.h"

#include "core/time_format.h"
#include "engine/diagnosis.h"
#include "notify/alert_text.h"

namespace ww {
namespace {

// “name”: uplink names may contain spaces and parentheses ("Liquid (BGP01)").
std::string Quoted(const std::string& name) { return "\u201c" + name + "\u201d"; }

std::string Label(UplinkState state) { return std::string(UplinkStateLabel(state)); }

}  // namespace

AlertEvent DropAlert(const DropEvent& event, const std::string& interface) {
  const DropRecord& drop = event.drop;
  AlertEvent a;
  a.kind = AlertKind::kDrop;
  a.uplink = drop.uplink;
  a.diagnosis = drop.diagnosis.text;
  const std::string since = FormatIso8601Seconds(drop.start);
  const std::string rounds = std::to_string(drop.failed_rounds) + " failed probe rounds";
  if (event.kind == DropEvent::Kind::kStarted) {
    a.phase = AlertPhase::kStart;
    a.timestamp = drop.start;
    a.title = "Connection down: " + drop.diagnosis.text;
    a.message = "No internet target has answered since " + since + " (" + rounds + ").";
  } else {
    a.phase = AlertPhase::kEnd;
    a.timestamp = drop.end.value_or(drop.start);
    a.duration_seconds = drop.duration_sec;
    const std::string lasted = alert_text::FormatDuration(drop.duration_sec);
    a.title = "Connection restored after " + lasted;
    a.message = "The internet answers again. The drop began at " + since + " and lasted " + lasted +
                " (" + rounds + "); diagnosis during the drop: " + drop.diagnosis.text + ".";
  }
  a.fields.push_back({"Diagnosis code", std::string(DiagnosisCodeName(drop.diagnosis.code))});
  a.fields.push_back({"Evidence", drop.diagnosis.detail});
  a.fields.push_back({"Interface", interface});
  a.fields.push_back({"Failed rounds", std::to_string(drop.failed_rounds)});
  return a;
}

AlertEvent UplinkAlert(const UplinkStateChange& change) {
  const UplinkTransition& t = change.transition;
  AlertEvent a;
  a.kind = AlertKind::kUplinkState;
  a.timestamp = t.at;
  a.uplink = change.uplink;
  const std::string who = "Uplink " + Quoted(change.name);
  const std::string why = change.reason_text.empty() ? "" : ": " + change.reason_text;
  switch (t.kind) {
    case UplinkTransition::Kind::kStart:
      a.phase = AlertPhase::kStart;
      a.title = who + " is " + Label(t.to) + why;
      a.message = who + " went from " + Label(t.from) + " to " + Label(t.to) + why + ".";
      break;
    case UplinkTransition::Kind::kEnd: {
      a.phase = AlertPhase::kEnd;
      a.duration_seconds = t.not_up_seconds;
      const std::string lasted =
          t.not_up_seconds ? " after " + alert_text::FormatDuration(*t.not_up_seconds) : "";
      a.title = who + " is UP again" + lasted;
      a.message = who + " is UP again (was " + Label(t.from) + ")" + lasted + why + ".";
      break;
    }
    case UplinkTransition::Kind::kChange:
      a.phase = AlertPhase::kChange;
      a.title = who + " is " + Label(t.to) + " (was " + Label(t.from) + ")" + why;
      a.message = who + " went from " + Label(t.from) + " to " + Label(t.to) + why + ".";
      break;
  }
  a.fields.push_back({"State", Label(t.to)});
  a.fields.push_back({"Previous state", Label(t.from)});
  a.fields.push_back({"Reason", change.reason});
  return a;
}

}  // namespace ww
