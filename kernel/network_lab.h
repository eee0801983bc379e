// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "namespace_probe.h"
#include "run_control.h"
#include "socket_helper.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace portlab::kernel {

// One scenario host: a network namespace with loopback up and the host's addresses on eth0,
// the other end of whose veth pair sits on the lab's bridge.
struct LabHost {
    QString name;             // as the scenario names it
    QString namespaceName;    // portlab-<controller pid>-<n>
    std::vector<IpAddress> addresses;
    QString macAddress;
    // Destroyed bottom-up: the helpers (holding the namespace's sockets) before the handles.
    UniqueFd namespaceFd;
    std::unique_ptr<NamespaceProbe> probe;
    std::vector<std::unique_ptr<SocketHelper>> helpers;   // the host's processes
};

// What a real command printed and returned.
struct CommandResult {
    int exitCode = -1;
    QString output;
    QString errors;
};

// The network a scenario runs on: a bridge in a namespace of its own, and one namespace per
// host plugged into it, all on one link as the model's hosts are on one segment. Hosts know
// each other by permanent neighbour entries (no ARP or neighbour discovery between them);
// any other address is looked for on the link and not found. The bridge has no port to the
// outside, so no packet ever leaves the lab. Everything it
// created is removed when it goes away: helpers first, then the namespaces (their veths and
// the bridge go with them).
class NetworkLab {
public:
    // Empty when this process can build a lab; otherwise why not, in one sentence.
    static QString unavailableReason();
    // Namespaces left by runs whose controller died without cleaning up (killed with SIGKILL).
    static void removeStaleNamespaces();
    // Without root: makes this process root of a user namespace of its own, with its own mount
    // and network namespaces and a private /run, inside which it may build a lab. Only one
    // user exists there, so only scenarios whose processes all run as one user are faithful.
    // Must be called while the process has a single thread. Empty on success, else why not.
    static QString enterPrivateUserNamespace();
    // The portlab-* namespaces that exist now (for tests that check nothing leaks).
    static QStringList existingLabNamespaces();

    NetworkLab(RunControl &control, bool inUserNamespace);
    ~NetworkLab();
    NetworkLab(const NetworkLab &) = delete;
    NetworkLab &operator=(const NetworkLab &) = delete;

    LabHost &addHost(const QString &name, const std::vector<IpAddress> &addresses);
    LabHost *findHost(const QString &name);
    const std::vector<std::unique_ptr<LabHost>> &hosts() const { return m_hosts; }
    SocketHelper &startProcess(LabHost &host, const HelperIdentity &identity);
    bool inUserNamespace() const { return m_inUserNamespace; }

    // Returns once no packet has moved in any namespace for a few milliseconds: what was sent
    // has arrived and been answered, as the model delivers everything in flight after each
    // statement.
    void settle();
    // Runs a program inside the host's namespace (ss), with the controller's privileges.
    CommandResult runInside(const LabHost &host, const QString &program, const QStringList &arguments);

private:
    QString newNamespaceName();
    void createNamespace(const QString &name);
    void ip(const QString &namespaceName, const QStringList &batch);
    void runOrThrow(const QString &program, const QStringList &arguments, const QByteArray &input = {});

    // Deletes the namespaces it was given when it goes away, also when a constructor throws
    // half-way; declared before the hosts, so their helpers and handles are gone first.
    class OwnedNamespaces {
    public:
        OwnedNamespaces() = default;
        ~OwnedNamespaces();
        OwnedNamespaces(const OwnedNamespaces &) = delete;
        OwnedNamespaces &operator=(const OwnedNamespaces &) = delete;
        void add(const QString &name) { m_names.push_back(name); }

    private:
        std::vector<QString> m_names;
    };

    RunControl &m_control;
    bool m_inUserNamespace = false;
    OwnedNamespaces m_namespaces;
    QString m_switchNamespace;
    std::vector<std::unique_ptr<LabHost>> m_hosts;
};

} // namespace portlab::kernel
