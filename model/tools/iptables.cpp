// SPDX-License-Identifier: GPL-3.0-or-later
#include "iptables.h"

#include "script/nearest_name.h"

#include <QHash>
#include <QRegularExpression>

#include <bit>

namespace portlab {

namespace {

const QString knownOptions = QStringLiteral(
    "-t filter|nat, -A/-I/-D/-F/-P/-L/-S CHAIN, -n, -v, --line-numbers, [!] -p, [!] -s, [!] -d, [!] -i, [!] -o, "
    "[!] --sport, [!] --dport, -m conntrack [!] --ctstate, -m state [!] --state, -j ACCEPT|DROP|REJECT|DNAT|REDIRECT|SNAT|MASQUERADE, "
    "--reject-with, --to-destination, --to-source, --to-ports");

bool isListing(IptablesOptions::Action action)
{
    return action == IptablesOptions::Action::List || action == IptablesOptions::Action::ListRules;
}

bool takesRule(IptablesOptions::Action action)
{
    return action == IptablesOptions::Action::Append || action == IptablesOptions::Action::Insert || action == IptablesOptions::Action::Delete;
}

class IptablesParser {
public:
    IptablesParser(const std::vector<IptablesWord> &words, IptablesParseError *error) : m_words(words), m_error(error) {}

    std::optional<IptablesOptions> parse();

private:
    bool fail(int column, const QString &message, const QString &hint = {})
    {
        m_error->column = column;
        m_error->message = message;
        m_error->hint = hint;
        return false;
    }
    bool atEnd() const { return m_next >= m_words.size(); }
    int endColumn() const
    {
        return m_words.empty() ? 1 : m_words.back().column + static_cast<int>(m_words.back().text.size());
    }
    bool value(const IptablesWord &option, IptablesWord *out, const QString &what)
    {
        if (atEnd())
            return fail(endColumn(), QStringLiteral("%1 needs %2").arg(option.text, what));
        *out = m_words[m_next++];
        return true;
    }
    bool nextIsValue() const { return !atEnd() && !m_words[m_next].text.startsWith(u'-') && m_words[m_next].text != u"!"; }

    bool command(const IptablesWord &word, IptablesOptions::Action action);
    bool chain(const IptablesWord &word);
    bool option(const IptablesWord &word);
    bool address(const IptablesWord &option, std::optional<AddressMatch> *out);
    bool ports(const IptablesWord &option, std::optional<PortMatch> *out);
    bool target(const IptablesWord &word);
    bool check();
    bool notNegatable(const IptablesWord &word)
    {
        if (m_negated)
            return fail(m_negationColumn, QStringLiteral("'!' cannot negate %1").arg(word.text));
        return true;
    }

    const std::vector<IptablesWord> &m_words;
    IptablesParseError *m_error;
    std::size_t m_next = 0;
    IptablesOptions m_options;
    bool m_haveCommand = false;
    int m_commandColumn = 0;
    int m_chainColumn = 0;
    bool m_haveTarget = false;
    int m_targetColumn = 0;
    int m_firstRuleColumn = 0;
    bool m_negated = false;
    int m_negationColumn = 0;
};

bool IptablesParser::command(const IptablesWord &word, IptablesOptions::Action action)
{
    if (m_haveCommand)
        return fail(word.column, QStringLiteral("iptables takes one command at a time"), QStringLiteral("write a second iptables statement"));
    m_haveCommand = true;
    m_commandColumn = word.column;
    m_options.action = action;
    return true;
}

bool IptablesParser::chain(const IptablesWord &word)
{
    m_chainColumn = word.column;
    const auto chain = firewallChainFromName(word.text);
    if (!chain) {
        QStringList names{QStringLiteral("PREROUTING"), QStringLiteral("INPUT"), QStringLiteral("FORWARD"), QStringLiteral("OUTPUT"), QStringLiteral("POSTROUTING")};
        const QString near = nearestName(word.text.toUpper(), names);
        return fail(word.column, QStringLiteral("no chain '%1' (user-defined chains are not simulated)").arg(word.text),
                    near.isEmpty() ? QStringLiteral("the built-in chains: INPUT, FORWARD, OUTPUT; with -t nat: PREROUTING, INPUT, OUTPUT, POSTROUTING")
                                   : QStringLiteral("did you mean %1?").arg(near));
    }
    m_options.chain = chain;
    return true;
}

bool IptablesParser::address(const IptablesWord &option, std::optional<AddressMatch> *out)
{
    IptablesWord word;
    if (!value(option, &word, QStringLiteral("an address, like 10.0.0.0/24")))
        return false;
    const QString network = word.text.section(u'/', 0, 0);
    const QString length = word.text.contains(u'/') ? word.text.section(u'/', 1) : QStringLiteral("32");
    const auto parsed = IpAddress::parse(network);
    if (!parsed || !parsed->isV4()) {
        return fail(word.column, QStringLiteral("'%1' is not an IPv4 address").arg(word.text),
                    parsed ? QStringLiteral("iptables filters IPv4 only; IPv6 has ip6tables, which is not simulated")
                           : QStringLiteral("an IPv4 address with an optional prefix length, like 10.0.0.5 or 10.0.0.0/24 (the hosts have no names)"));
    }
    int prefix = -1;
    bool numeric = false;
    const int bits = length.toInt(&numeric);
    if (numeric && bits >= 0 && bits <= 32) {
        prefix = bits;
    } else if (const auto mask = IpAddress::parse(length); mask && mask->isV4()) {
        // A dotted mask counts if its ones are contiguous, as iptables requires.
        const std::uint32_t m = mask->v4Value();
        const int ones = std::popcount(m);
        if (ones == 0 ? m == 0 : (m >> (32 - ones)) == (~std::uint32_t{0} >> (32 - ones)) && (m << ones) == 0)
            prefix = ones;
    }
    if (prefix < 0)
        return fail(word.column, QStringLiteral("'%1' is not a prefix length or mask").arg(length), QStringLiteral("like /24 or /255.255.255.0"));
    const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
    *out = AddressMatch{IpAddress::v4(parsed->v4Value() & mask), prefix, std::exchange(m_negated, false)};
    return true;
}

bool IptablesParser::ports(const IptablesWord &option, std::optional<PortMatch> *out)
{
    IptablesWord word;
    if (!value(option, &word, QStringLiteral("a port or a range, like 22 or 8000:8080")))
        return false;
    if (m_options.rule.protocol != wire::IpProtocol::Tcp && m_options.rule.protocol != wire::IpProtocol::Udp) {
        return fail(option.column, QStringLiteral("%1 belongs to the tcp and udp matches").arg(option.text),
                    QStringLiteral("say the protocol first: -p tcp %1 %2").arg(option.text, word.text));
    }
    static const QRegularExpression pattern(QStringLiteral("^([0-9]*)(:([0-9]*))?$"));
    const auto match = pattern.match(word.text);
    const bool range = match.hasMatch() && !match.captured(2).isEmpty();
    const int low = match.captured(1).isEmpty() ? 0 : match.captured(1).toInt();
    const int high = !range ? low : match.captured(3).isEmpty() ? 65535 : match.captured(3).toInt();
    if (!match.hasMatch() || (match.captured(1).isEmpty() && !range) || low > 65535 || high > 65535) {
        return fail(word.column, QStringLiteral("invalid port/service '%1' specified").arg(word.text),
                    QStringLiteral("a port 0-65535 or a range LOW:HIGH; service names are not simulated"));
    }
    if (low > high)
        return fail(word.column, QStringLiteral("invalid portrange (min > max) '%1'").arg(word.text), QStringLiteral("write the lower port first"));
    const MatchModule module = m_options.rule.protocol == wire::IpProtocol::Tcp ? MatchModule::Tcp : MatchModule::Udp;
    auto &modules = m_options.rule.modules;
    if (std::find(modules.begin(), modules.end(), module) == modules.end())
        modules.push_back(module);
    *out = PortMatch{static_cast<std::uint16_t>(low), static_cast<std::uint16_t>(high), std::exchange(m_negated, false)};
    return true;
}

bool IptablesParser::target(const IptablesWord &word)
{
    static const QStringList targets{QStringLiteral("ACCEPT"), QStringLiteral("DROP"), QStringLiteral("REJECT"), QStringLiteral("DNAT"), QStringLiteral("REDIRECT"),
                                     QStringLiteral("SNAT"), QStringLiteral("MASQUERADE")};
    const auto index = targets.indexOf(word.text);
    if (index < 0) {
        const QString near = nearestName(word.text.toUpper(), targets);
        return fail(word.column, QStringLiteral("no target '%1' (user-defined chains, LOG and the other targets are not simulated)").arg(word.text),
                    near.isEmpty() ? QStringLiteral("targets: %1").arg(targets.join(QStringLiteral(", "))) : QStringLiteral("did you mean %1?").arg(near));
    }
    m_options.rule.target = static_cast<FirewallTarget>(index);
    m_haveTarget = true;
    m_targetColumn = word.column;
    return true;
}

bool IptablesParser::option(const IptablesWord &word)
{
    using Action = IptablesOptions::Action;
    const QString &o = word.text;
    FirewallRule &rule = m_options.rule;
    IptablesWord argument;
    if (o == u"!") {
        if (m_negated)
            return fail(word.column, QStringLiteral("one '!' is enough"));
        m_negated = true;
        m_negationColumn = word.column;
        return true;
    }
    const bool ruleOption = o == u"-p" || o == u"--protocol" || o == u"-s" || o == u"--source" || o == u"-d" || o == u"--destination"
        || o == u"-i" || o == u"--in-interface" || o == u"-o" || o == u"--out-interface" || o == u"-m" || o == u"--match"
        || o == u"--dport" || o == u"--destination-port" || o == u"--sport" || o == u"--source-port" || o == u"--ctstate"
        || o == u"--state" || o == u"-j" || o == u"--jump" || o == u"--reject-with" || o == u"--to-destination" || o == u"--to-source"
        || o == u"--to-ports";
    if (ruleOption && m_firstRuleColumn == 0)
        m_firstRuleColumn = word.column;
    const bool negatable = o == u"-p" || o == u"--protocol" || o == u"-s" || o == u"--source" || o == u"-d" || o == u"--destination"
        || o == u"-i" || o == u"--in-interface" || o == u"-o" || o == u"--out-interface" || o == u"--dport" || o == u"--destination-port"
        || o == u"--sport" || o == u"--source-port" || o == u"--ctstate" || o == u"--state";
    if (!negatable && !notNegatable(word))
        return false;

    if (o == u"-t" || o == u"--table") {
        if (!value(word, &argument, QStringLiteral("a table: filter or nat")))
            return false;
        if (argument.text == u"filter")
            m_options.table = FirewallTable::Filter;
        else if (argument.text == u"nat")
            m_options.table = FirewallTable::Nat;
        else
            return fail(argument.column, QStringLiteral("the %1 table is not simulated").arg(argument.text), QStringLiteral("filter (the default) or nat"));
        return true;
    }
    if (o == u"-A" || o == u"--append" || o == u"-I" || o == u"--insert" || o == u"-D" || o == u"--delete" || o == u"-P" || o == u"--policy") {
        const Action action = (o == u"-A" || o == u"--append") ? Action::Append
            : (o == u"-I" || o == u"--insert")                 ? Action::Insert
            : (o == u"-D" || o == u"--delete")                 ? Action::Delete
                                                               : Action::Policy;
        if (!command(word, action) || !value(word, &argument, QStringLiteral("a chain, like INPUT")) || !chain(argument))
            return false;
        if (action == Action::Policy) {
            IptablesWord policy;
            if (!value(word, &policy, QStringLiteral("a chain and a policy, ACCEPT or DROP")))
                return false;
            if (policy.text != u"ACCEPT" && policy.text != u"DROP")
                return fail(policy.column, QStringLiteral("bad policy name '%1'").arg(policy.text), QStringLiteral("a built-in chain's policy is ACCEPT or DROP"));
            m_options.policy = policy.text == u"ACCEPT" ? FirewallTarget::Accept : FirewallTarget::Drop;
        } else if ((action == Action::Insert || action == Action::Delete) && !atEnd() && !m_words[m_next].text.isEmpty()
                   && m_words[m_next].text.front().isDigit()) {
            const IptablesWord &number = m_words[m_next++];
            bool ok = false;
            m_options.number = number.text.toInt(&ok);
            if (!ok || m_options.number < 1)
                return fail(number.column, QStringLiteral("'%1' is not a rule number").arg(number.text), QStringLiteral("rules are numbered from 1, as --line-numbers shows"));
        }
        return true;
    }
    if (o == u"-F" || o == u"--flush" || o == u"-L" || o == u"--list" || o == u"-S" || o == u"--list-rules") {
        const Action action = (o == u"-F" || o == u"--flush") ? Action::Flush : (o == u"-L" || o == u"--list") ? Action::List : Action::ListRules;
        if (!command(word, action))
            return false;
        if (nextIsValue())
            return chain(m_words[m_next++]);
        return true;
    }
    if (o == u"-n" || o == u"--numeric") {
        m_options.numeric = true;
        return true;
    }
    if (o == u"-v" || o == u"--verbose") {
        m_options.verbose = true;
        return true;
    }
    if (o == u"--line-numbers") {
        m_options.lineNumbers = true;
        return true;
    }
    if (o == u"-p" || o == u"--protocol") {
        if (!value(word, &argument, QStringLiteral("a protocol: tcp, udp, icmp or all")))
            return false;
        static const QHash<QString, std::uint8_t> protocols{
            {QStringLiteral("tcp"), wire::IpProtocol::Tcp}, {QStringLiteral("udp"), wire::IpProtocol::Udp},
            {QStringLiteral("icmp"), wire::IpProtocol::Icmp}, {QStringLiteral("all"), AnyProtocol},
            {QStringLiteral("6"), wire::IpProtocol::Tcp}, {QStringLiteral("17"), wire::IpProtocol::Udp},
            {QStringLiteral("1"), wire::IpProtocol::Icmp}, {QStringLiteral("0"), AnyProtocol},
        };
        if (!protocols.contains(argument.text.toLower()))
            return fail(argument.column, QStringLiteral("protocol '%1' is not simulated").arg(argument.text), QStringLiteral("tcp, udp, icmp or all"));
        rule.protocol = protocols.value(argument.text.toLower());
        rule.protocolNegated = std::exchange(m_negated, false);
        if (rule.protocolNegated && rule.protocol == AnyProtocol)
            return fail(m_negationColumn, QStringLiteral("'! -p all' matches nothing"));
        return true;
    }
    if (o == u"-s" || o == u"--source")
        return address(word, &rule.source);
    if (o == u"-d" || o == u"--destination")
        return address(word, &rule.destination);
    if (o == u"-i" || o == u"--in-interface" || o == u"-o" || o == u"--out-interface") {
        if (!value(word, &argument, QStringLiteral("an interface: lo or eth0")))
            return false;
        if (argument.text != u"lo" && argument.text != u"eth0")
            return fail(argument.column, QStringLiteral("a simulated host has no interface '%1'").arg(argument.text),
                        QStringLiteral("every host has lo (loopback) and eth0 (the network)"));
        (o.startsWith(u"-i") || o == u"--in-interface" ? rule.inInterface : rule.outInterface) =
            InterfaceMatch{argument.text, std::exchange(m_negated, false)};
        return true;
    }
    if (o == u"-m" || o == u"--match") {
        if (!value(word, &argument, QStringLiteral("a match: tcp, udp, conntrack or state")))
            return false;
        static const QHash<QString, MatchModule> modules{
            {QStringLiteral("tcp"), MatchModule::Tcp}, {QStringLiteral("udp"), MatchModule::Udp},
            {QStringLiteral("conntrack"), MatchModule::Conntrack}, {QStringLiteral("state"), MatchModule::State},
        };
        if (!modules.contains(argument.text))
            return fail(argument.column, QStringLiteral("the %1 match is not simulated").arg(argument.text), QStringLiteral("tcp, udp, conntrack or state"));
        const MatchModule module = modules.value(argument.text);
        const std::uint8_t needs = module == MatchModule::Tcp ? wire::IpProtocol::Tcp : module == MatchModule::Udp ? wire::IpProtocol::Udp : 0;
        if (needs && (rule.protocol != needs || rule.protocolNegated))
            return fail(argument.column, QStringLiteral("-m %1 needs -p %1 before it").arg(argument.text), QStringLiteral("like: -p %1 -m %1 --dport 22").arg(argument.text));
        if (std::find(rule.modules.begin(), rule.modules.end(), module) == rule.modules.end())
            rule.modules.push_back(module);
        return true;
    }
    if (o == u"--dport" || o == u"--destination-port")
        return ports(word, &rule.destinationPort);
    if (o == u"--sport" || o == u"--source-port")
        return ports(word, &rule.sourcePort);
    if (o == u"--ctstate" || o == u"--state") {
        const bool stateModule = o == u"--state";
        const MatchModule module = stateModule ? MatchModule::State : MatchModule::Conntrack;
        if (std::find(rule.modules.begin(), rule.modules.end(), module) == rule.modules.end()) {
            return fail(word.column, QStringLiteral("%1 belongs to the %2 match").arg(o, stateModule ? QStringLiteral("state") : QStringLiteral("conntrack")),
                        stateModule ? QStringLiteral("write -m state --state NEW") : QStringLiteral("write -m conntrack --ctstate ESTABLISHED,RELATED"));
        }
        if (!value(word, &argument, QStringLiteral("states, like ESTABLISHED,RELATED")))
            return false;
        QString unknown;
        const auto states = ctStatesFromText(argument.text, stateModule, &unknown);
        if (!states)
            return fail(argument.column, QStringLiteral("bad %1 value '%2'").arg(o, unknown),
                        stateModule ? QStringLiteral("INVALID, NEW, RELATED, ESTABLISHED, UNTRACKED")
                                    : QStringLiteral("INVALID, NEW, RELATED, ESTABLISHED, UNTRACKED, SNAT, DNAT"));
        rule.ctStates = *states;
        rule.ctStatesNegated = std::exchange(m_negated, false);
        return true;
    }
    if (o == u"-j" || o == u"--jump")
        return value(word, &argument, QStringLiteral("a target, like ACCEPT")) && target(argument);
    if (o == u"--reject-with" || o == u"--to-destination" || o == u"--to-source" || o == u"--to-ports") {
        // --to-ports belongs to REDIRECT and MASQUERADE alike.
        const FirewallTarget owner = o == u"--reject-with" ? FirewallTarget::Reject
            : o == u"--to-destination"                    ? FirewallTarget::Dnat
            : o == u"--to-source"                         ? FirewallTarget::Snat
            : m_haveTarget && rule.target == FirewallTarget::Masquerade ? FirewallTarget::Masquerade
                                                                        : FirewallTarget::Redirect;
        if (!m_haveTarget || rule.target != owner)
            return fail(word.column, QStringLiteral("%1 belongs to -j %2").arg(o, firewallTargetName(owner)),
                        owner == FirewallTarget::Redirect ? QStringLiteral("write it after -j REDIRECT or -j MASQUERADE")
                                                          : QStringLiteral("write it after -j %1").arg(firewallTargetName(owner)));
        if (!value(word, &argument, QStringLiteral("a value")))
            return false;
        if (owner == FirewallTarget::Reject) {
            const auto with = rejectWithFromName(argument.text);
            if (!with)
                return fail(argument.column, QStringLiteral("unknown reject type '%1'").arg(argument.text),
                            QStringLiteral("icmp-port-unreachable (the default), icmp-host-prohibited, icmp-admin-prohibited, icmp-net-unreachable, icmp-host-unreachable, icmp-net-prohibited, icmp-proto-unreachable or tcp-reset"));
            rule.rejectWith = *with;
            return true;
        }
        static const QRegularExpression pattern(QStringLiteral("^([0-9]+)$"));
        QString portText = argument.text;
        if (owner == FirewallTarget::Dnat || owner == FirewallTarget::Snat) {
            const auto colon = argument.text.indexOf(u':');
            const auto address = IpAddress::parse(colon < 0 ? argument.text : argument.text.left(colon));
            if (!address || !address->isV4())
                return fail(argument.column, QStringLiteral("'%1' is not an IPv4 address with an optional port").arg(argument.text), QStringLiteral("like 10.0.0.2 or 10.0.0.2:80"));
            rule.natAddress = address;
            portText = colon < 0 ? QString() : argument.text.mid(colon + 1);
            if (portText.isEmpty())
                return true;
        }
        const int port = portText.toInt();
        if (!pattern.match(portText).hasMatch() || port < 1 || port > 65535)
            return fail(argument.column, QStringLiteral("'%1' is not a port").arg(portText), QStringLiteral("one port 1-65535 (port ranges are not simulated)"));
        if (rule.protocol != wire::IpProtocol::Tcp && rule.protocol != wire::IpProtocol::Udp)
            return fail(argument.column, QStringLiteral("a port needs -p tcp or -p udp"), QStringLiteral("Need TCP, UDP, SCTP or DCCP with port specification: add -p tcp"));
        rule.natPort = static_cast<std::uint16_t>(port);
        return true;
    }
    // Letters bundled in one word, as in -nL, -nvL, -L -nv.
    static const QRegularExpression bundle(QStringLiteral("^-[nvLSF]{2,}$"));
    if (bundle.match(o).hasMatch()) {
        for (qsizetype i = 1; i < o.size(); ++i) {
            if (!option({QStringLiteral("-") + o[i], word.column + static_cast<int>(i)}))
                return false;
        }
        return true;
    }
    const QString near = nearestName(o, {QStringLiteral("--dport"), QStringLiteral("--sport"), QStringLiteral("--ctstate"), QStringLiteral("--state"),
                                          QStringLiteral("--reject-with"), QStringLiteral("--to-destination"), QStringLiteral("--to-source"), QStringLiteral("--to-ports"),
                                          QStringLiteral("--line-numbers"), QStringLiteral("--table"), QStringLiteral("--protocol")});
    return fail(word.column, QStringLiteral("unknown option \"%1\"").arg(o),
                near.isEmpty() ? QStringLiteral("known: ") + knownOptions : QStringLiteral("did you mean %1?").arg(near));
}

bool IptablesParser::check()
{
    using Action = IptablesOptions::Action;
    const IptablesOptions &o = m_options;
    const FirewallRule &rule = o.rule;
    if (m_negated)
        return fail(m_negationColumn, QStringLiteral("'!' at the end negates nothing"));
    if (!m_haveCommand)
        return fail(m_words.empty() ? 1 : m_words.front().column, QStringLiteral("iptables needs a command"),
                    QStringLiteral("-A CHAIN RULE, -I CHAIN [N] RULE, -D CHAIN N|RULE, -F [CHAIN], -P CHAIN ACCEPT|DROP, -L [CHAIN] -n or -S [CHAIN]"));
    if (o.chain) {
        const auto chains = firewallChainsOf(o.table);
        if (std::find(chains.begin(), chains.end(), *o.chain) == chains.end()) {
            return fail(m_chainColumn, QStringLiteral("the %1 table has no %2 chain").arg(firewallTableName(o.table), firewallChainName(*o.chain)),
                        o.table == FirewallTable::Filter ? QStringLiteral("PREROUTING and POSTROUTING are chains of the nat table: add -t nat")
                                                         : QStringLiteral("the nat table's chains: PREROUTING, INPUT, OUTPUT, POSTROUTING"));
        }
    }
    if (o.action == Action::List && !o.numeric) {
        return fail(m_commandColumn, QStringLiteral("iptables -L without -n looks up host and service names, which are not simulated"),
                    QStringLiteral("add -n, like: iptables HOST -L -n"));
    }
    if (!isListing(o.action) && (o.verbose || o.lineNumbers))
        return fail(m_commandColumn, QStringLiteral("-v and --line-numbers belong to -L"));
    const bool hasRuleOptions = m_firstRuleColumn != 0;
    const bool ruleByNumber = (o.action == Action::Delete && o.number > 0);
    if (hasRuleOptions && (!takesRule(o.action) || ruleByNumber))
        return fail(m_firstRuleColumn, QStringLiteral("this command takes no rule"), ruleByNumber ? QStringLiteral("delete by number or by rule, not both") : QString());
    if (!takesRule(o.action) || ruleByNumber)
        return true;
    if (!m_haveTarget)
        return fail(endColumn(), QStringLiteral("the rule has no target"), QStringLiteral("end it with -j ACCEPT, -j DROP or -j REJECT (a rule without -j only counts packets; not simulated)"));
    if (o.table == FirewallTable::Nat && (rule.target == FirewallTarget::Drop || rule.target == FirewallTarget::Reject)) {
        return fail(m_targetColumn, QStringLiteral("the nat table is not intended for filtering, the use of %1 is therefore inhibited").arg(firewallTargetName(rule.target)),
                    QStringLiteral("filter in the filter table: leave out -t nat"));
    }
    if (isDestinationTranslation(rule.target) && (o.table != FirewallTable::Nat || (o.chain != FirewallChain::Prerouting && o.chain != FirewallChain::Output))) {
        return fail(m_targetColumn, QStringLiteral("%1 works in the nat table's PREROUTING and OUTPUT chains").arg(firewallTargetName(rule.target)),
                    QStringLiteral("like: iptables HOST -t nat -A PREROUTING -p tcp --dport 8080 -j %1 …").arg(firewallTargetName(rule.target)));
    }
    if (isSourceTranslation(rule.target) && (o.table != FirewallTable::Nat || o.chain != FirewallChain::Postrouting)) {
        return fail(m_targetColumn, QStringLiteral("%1 works in the nat table's POSTROUTING chain (SNAT in INPUT too, which is not simulated)").arg(firewallTargetName(rule.target)),
                    QStringLiteral("like: iptables HOST -t nat -A POSTROUTING -d 10.0.0.3 -j %1").arg(firewallTargetName(rule.target)));
    }
    if (rule.target == FirewallTarget::Dnat && !rule.natAddress)
        return fail(m_targetColumn, QStringLiteral("DNAT: option \"--to-destination\" must be specified"), QStringLiteral("like -j DNAT --to-destination 10.0.0.2:80"));
    if (rule.target == FirewallTarget::Snat && !rule.natAddress)
        return fail(m_targetColumn, QStringLiteral("SNAT: option \"--to-source\" must be specified"), QStringLiteral("like -j SNAT --to-source 10.0.0.1"));
    if (rule.target == FirewallTarget::Reject && rule.rejectWith == RejectWith::TcpReset && (rule.protocol != wire::IpProtocol::Tcp || rule.protocolNegated))
        return fail(m_targetColumn, QStringLiteral("--reject-with tcp-reset works only for TCP"), QStringLiteral("add -p tcp to the rule"));
    for (const MatchModule module : rule.modules) {
        if ((module == MatchModule::Conntrack || module == MatchModule::State) && rule.ctStates == 0)
            return fail(m_firstRuleColumn, QStringLiteral("-m %1 without its states matches everything").arg(module == MatchModule::State ? QStringLiteral("state") : QStringLiteral("conntrack")),
                        module == MatchModule::State ? QStringLiteral("add --state NEW (or others)") : QStringLiteral("add --ctstate ESTABLISHED,RELATED (or others)"));
    }
    return true;
}

std::optional<IptablesOptions> IptablesParser::parse()
{
    while (!atEnd()) {
        if (!option(m_words[m_next++]))
            return std::nullopt;
    }
    if (!check())
        return std::nullopt;
    return m_options;
}

// --- printing --------------------------------------------------------------------------------

// xtables_print_num() with the K/M/G/T units -v uses (without -x): right-aligned in a table,
// bare in the chain's heading.
QString counterText(std::uint64_t number, bool inTable)
{
    const int width = inTable ? 5 : 0;
    if (number <= 99999)
        return QStringLiteral("%1 ").arg(number, width);
    static constexpr std::array units{u'K', u'M', u'G', u'T'};
    for (const char16_t unit : units) {
        number = (number + 500) / 1000;
        if (number <= 9999 || unit == u'T')
            return QStringLiteral("%1%2 ").arg(number, inTable ? 4 : 0).arg(QChar(unit));
    }
    return {};
}

QString addressColumn(const std::optional<AddressMatch> &match)
{
    if (!match)
        return QStringLiteral(" %1 ").arg(QStringLiteral("0.0.0.0/0"), -19);
    const QString text = match->prefixLength == 32 ? match->network.toString()
                                                   : QStringLiteral("%1/%2").arg(match->network.toString()).arg(match->prefixLength);
    return QStringLiteral("%1%2 ").arg(QChar(match->negated ? u'!' : u' ')).arg(text, -19);
}

QString interfaceColumn(const std::optional<InterfaceMatch> &match)
{
    const QString text = !match ? QStringLiteral("*") : (match->negated ? QStringLiteral("!") : QString()) + match->name;
    return QStringLiteral("%1 ").arg(text, -6);
}

QString portText(const char *single, const PortMatch &ports)
{
    const QString name = QString::fromLatin1(single) + (ports.low == ports.high ? QString() : QStringLiteral("s"));
    const QString value = ports.low == ports.high ? QString::number(ports.low) : QStringLiteral("%1:%2").arg(ports.low).arg(ports.high);
    return QStringLiteral("%1:%2%3").arg(name, ports.negated ? QStringLiteral("!") : QString(), value);
}

QString ruleLine(const FirewallRule &rule, int number, const IptablesOptions &o)
{
    QString line;
    if (o.lineNumbers)
        line += QStringLiteral("%1 ").arg(number, -4);
    if (o.verbose)
        line += counterText(rule.packets, true) + counterText(rule.bytes, true);
    line += QStringLiteral("%1 ").arg(firewallTargetName(rule.target), -9);
    line += QStringLiteral("%1%2").arg(QChar(rule.protocolNegated ? u'!' : u' ')).arg(QString::number(rule.protocol), -5);
    line += QStringLiteral("-- ");
    if (o.verbose)
        line += u' ' + interfaceColumn(rule.inInterface) + interfaceColumn(rule.outInterface);
    line += addressColumn(rule.source) + addressColumn(rule.destination);
    for (const MatchModule module : rule.modules) {
        switch (module) {
        case MatchModule::Tcp:
        case MatchModule::Udp:
            line += module == MatchModule::Tcp ? QStringLiteral(" tcp") : QStringLiteral(" udp");
            if (rule.sourcePort)
                line += u' ' + portText("spt", *rule.sourcePort);
            if (rule.destinationPort)
                line += u' ' + portText("dpt", *rule.destinationPort);
            break;
        case MatchModule::Conntrack:
        case MatchModule::State:
            line += QStringLiteral(" %1%2 %3").arg(rule.ctStatesNegated ? QStringLiteral("! ") : QString(),
                                                   module == MatchModule::State ? QStringLiteral("state") : QStringLiteral("ctstate"),
                                                   ctStatesText(rule.ctStates));
            break;
        }
    }
    switch (rule.target) {
    case FirewallTarget::Reject:
        line += QStringLiteral(" reject-with ") + rejectWithName(rule.rejectWith);
        break;
    case FirewallTarget::Dnat:
    case FirewallTarget::Snat:
        line += QStringLiteral(" to:") + rule.natAddress->toString() + (rule.natPort ? QStringLiteral(":%1").arg(rule.natPort) : QString());
        break;
    case FirewallTarget::Redirect:
        if (rule.natPort)
            line += QStringLiteral(" redir ports %1").arg(rule.natPort);
        break;
    case FirewallTarget::Masquerade:
        if (rule.natPort)
            line += QStringLiteral(" masq ports: %1").arg(rule.natPort);
        break;
    default:
        break;
    }
    return line;
}

QString listing(const Firewall &firewall, const IptablesOptions &o)
{
    QStringList blocks;
    const std::vector<FirewallChain> chains = o.chain ? std::vector<FirewallChain>{*o.chain} : firewallChainsOf(o.table);
    for (const FirewallChain chain : chains) {
        const FirewallChainRules &rules = firewall.chain(o.table, chain);
        QStringList lines;
        QString policy = firewallTargetName(rules.policy);
        if (o.verbose)
            policy += u' ' + counterText(rules.policyPackets, false) + QStringLiteral("packets, ") + counterText(rules.policyBytes, false) + QStringLiteral("bytes");
        lines << QStringLiteral("Chain %1 (policy %2)").arg(firewallChainName(chain), policy);
        lines << (o.lineNumbers ? QStringLiteral("num  ") : QString()) + (o.verbose ? QStringLiteral(" pkts bytes ") : QString())
                + QStringLiteral("target     prot opt ") + (o.verbose ? QStringLiteral("in     out     ") : QString())
                + QStringLiteral("source               destination         ");
        for (std::size_t i = 0; i < rules.rules.size(); ++i)
            lines << ruleLine(rules.rules[i], static_cast<int>(i) + 1, o);
        blocks << lines.join(u'\n');
    }
    return blocks.join(QStringLiteral("\n\n"));
}

QString ruleListing(const Firewall &firewall, const IptablesOptions &o)
{
    QStringList lines;
    const std::vector<FirewallChain> chains = o.chain ? std::vector<FirewallChain>{*o.chain} : firewallChainsOf(o.table);
    for (const FirewallChain chain : chains)
        lines << QStringLiteral("-P %1 %2").arg(firewallChainName(chain), firewallTargetName(firewall.chain(o.table, chain).policy));
    for (const FirewallChain chain : chains) {
        for (const FirewallRule &rule : firewall.chain(o.table, chain).rules)
            lines << QStringLiteral("-A %1 %2").arg(firewallChainName(chain), rule.specification());
    }
    return lines.join(u'\n');
}

QString ruleCount(std::size_t count)
{
    return count == 1 ? QStringLiteral("1 rule") : QStringLiteral("%1 rules").arg(count);
}

} // namespace

std::optional<IptablesOptions> parseIptables(const std::vector<IptablesWord> &words, IptablesParseError *error)
{
    return IptablesParser(words, error).parse();
}

IptablesResult runIptables(Firewall &firewall, const IptablesOptions &o, const QString &hostName)
{
    using Action = IptablesOptions::Action;
    IptablesResult result;
    const QString chainName = o.chain ? firewallChainName(*o.chain) : QString();
    const QString where = QStringLiteral("%1's %2%3").arg(hostName, o.table == FirewallTable::Nat ? QStringLiteral("nat ") : QString(), chainName);
    auto failWith = [&result](const QString &text) {
        result.ok = false;
        result.output = text;
        result.message = text;
        return result;
    };
    switch (o.action) {
    case Action::List:
        result.output = listing(firewall, o);
        return result;
    case Action::ListRules:
        result.output = ruleListing(firewall, o);
        return result;
    case Action::Flush: {
        const std::vector<FirewallChain> chains = o.chain ? std::vector<FirewallChain>{*o.chain} : firewallChainsOf(o.table);
        std::size_t removed = 0;
        for (const FirewallChain chain : chains) {
            removed += firewall.chain(o.table, chain).rules.size();
            firewall.chain(o.table, chain).rules.clear();
        }
        result.message = QStringLiteral("%1 removed from %2 (policies stay as they were)")
                             .arg(ruleCount(removed), o.chain ? where : QStringLiteral("%1's %2 table").arg(hostName, firewallTableName(o.table)));
        return result;
    }
    case Action::Policy: {
        FirewallChainRules &chain = firewall.chain(o.table, *o.chain);
        chain.policy = o.policy;
        chain.policyCounted = true;
        chain.policyPackets = chain.policyBytes = 0;
        result.message = QStringLiteral("%1 now %2 every packet no rule decides").arg(where, o.policy == FirewallTarget::Accept ? QStringLiteral("accepts") : QStringLiteral("drops"));
        return result;
    }
    case Action::Append:
    case Action::Insert: {
        auto &rules = firewall.chain(o.table, *o.chain).rules;
        const int position = o.action == Action::Append ? static_cast<int>(rules.size()) + 1 : std::max(o.number, 1);
        if (position > static_cast<int>(rules.size()) + 1)
            return failWith(QStringLiteral("iptables: Index of insertion too big."));
        FirewallRule rule = o.rule;
        rule.packets = rule.bytes = 0;
        rules.insert(rules.begin() + (position - 1), rule);
        result.message = QStringLiteral("%1 rule %2 of %3: %4").arg(where).arg(position).arg(rules.size()).arg(rule.specification());
        return result;
    }
    case Action::Delete: {
        auto &rules = firewall.chain(o.table, *o.chain).rules;
        std::size_t index = rules.size();
        if (o.number > 0) {
            if (o.number > static_cast<int>(rules.size()))
                return failWith(QStringLiteral("iptables: Index of deletion too big."));
            index = static_cast<std::size_t>(o.number - 1);
        } else {
            const auto found = std::find_if(rules.begin(), rules.end(), [&o](const FirewallRule &r) { return r.sameRuleAs(o.rule); });
            if (found == rules.end())
                return failWith(QStringLiteral("iptables: Bad rule (does a matching rule exist in that chain?)."));
            index = static_cast<std::size_t>(found - rules.begin());
        }
        result.message = QStringLiteral("%1 rule %2 deleted: %3; %4 left").arg(where).arg(index + 1).arg(rules[index].specification()).arg(ruleCount(rules.size() - 1));
        rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(index));
        return result;
    }
    }
    return result;
}

} // namespace portlab
