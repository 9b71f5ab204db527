#include "policy_rule.h"

#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "socket_util.h"

namespace ww::lab {
namespace {

struct RuleRequest {
  nlmsghdr header;
  fib_rule_hdr rule;
  char attrs[64];
};

void AddU32(RuleRequest& req, std::uint16_t type, std::uint32_t value) {
  auto* attr =
      reinterpret_cast<rtattr*>(reinterpret_cast<char*>(&req) + NLMSG_ALIGN(req.header.nlmsg_len));
  attr->rta_type = type;
  attr->rta_len = RTA_LENGTH(sizeof value);
  std::memcpy(RTA_DATA(attr), &value, sizeof value);
  req.header.nlmsg_len = NLMSG_ALIGN(req.header.nlmsg_len) + RTA_ALIGN(attr->rta_len);
}

}  // namespace

Status AddBlackholeRuleForMark(std::uint32_t mark, std::uint32_t priority) {
  const int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return Status::Error(ErrnoText("policy rule: netlink socket"));
  timeval timeout{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  RuleRequest req{};
  req.header.nlmsg_len = NLMSG_LENGTH(sizeof(fib_rule_hdr));
  req.header.nlmsg_type = RTM_NEWRULE;
  req.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
  req.header.nlmsg_seq = 1;
  req.rule.family = AF_INET;
  req.rule.action = FR_ACT_BLACKHOLE;
  AddU32(req, FRA_FWMARK, mark);
  AddU32(req, FRA_FWMASK, 0xffffffffu);
  AddU32(req, FRA_PRIORITY, priority);
  Status result = Status::Ok();
  if (send(fd, &req, req.header.nlmsg_len, 0) < 0) {
    result = Status::Error(ErrnoText("policy rule: netlink send"));
  } else {
    alignas(nlmsghdr) char buf[4096];
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    const auto* reply = reinterpret_cast<const nlmsghdr*>(buf);
    if (n < static_cast<ssize_t>(NLMSG_LENGTH(sizeof(nlmsgerr))) ||
        reply->nlmsg_type != NLMSG_ERROR) {
      result = Status::Error("policy rule fwmark " + std::to_string(mark) + ": no netlink ack");
    } else {
      const int err = -static_cast<const nlmsgerr*>(NLMSG_DATA(reply))->error;
      if (err != 0 && err != EEXIST) {
        result = Status::Error("policy rule fwmark " + std::to_string(mark) +
                               " blackhole: " + strerror(err));
      }
    }
  }
  close(fd);
  return result;
}

}  // namespace ww::lab
