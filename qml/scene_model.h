// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "play/world_snapshot.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace portlab {

// What the stage shows of a World, one row per host: the host is a building with its
// addresses on the front, each of its processes an office, each bound socket a door.
//
// Roles (QML names in quotes):
//   "name"           QString      "server"
//   "addresses"      QStringList  {"93.184.216.34"}
//   "personality"    QString      "Linux", the host's operating-system rules, for display
//   "processes"      QVariantList of process maps, in pid order:
//                      pid (int), name, user (QString), root (bool), sockets (QVariantList)
//   "kernelSockets"  QVariantList of socket maps that no process holds any more
//                    (TIME-WAIT, connections not yet accepted)
// A socket map, in descriptor order:
//   id (int), fd (int, -1 without a process), protocol ("tcp"/"udp"), port (int),
//   local ("0.0.0.0:80"), remote ("192.168.1.10:40312", empty when there is none),
//   state (as ss prints it: "LISTEN", "ESTAB", "UNCONN", "TIME-WAIT"), kind (DoorKind),
//   options (QStringList: "SO_REUSEADDR", ...), acceptQueue (int), receiveQueueBytes (int),
//   description (World::describeSocket's sentence).
// A socket without a port (socket() called, bind() failed or never called) is no door and
// is left out, as ss leaves it out.
//
// The model shows a snapshot: setWorld() reads a world as it is now, setSnapshot() shows one
// recorded earlier. A new snapshot changes only the rows that differ (and adds or removes hosts
// at the end), so views keep their delegates, and what they placed, from one step to the next.
class SceneModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        AddressesRole,
        PersonalityRole,
        ProcessesRole,
        KernelSocketsRole,
    };
    Q_ENUM(Role)

    // How a door looks (portlab::DoorKind): the views draw each kind with its own shape and label.
    enum DoorKind { Listening, Connected, Unconnected, Closing };
    Q_ENUM(DoorKind)

    explicit SceneModel(QObject *parent = nullptr);
    ~SceneModel() override;

    // Shows this world as it is now (or nothing, given nullptr).
    void setWorld(const World *world);
    void setSnapshot(const WorldSnapshot &snapshot);

    int count() const { return static_cast<int>(m_hosts.size()); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    struct HostRow {
        QString name;
        QStringList addresses;
        QString personality;
        QVariantList processes;
        QVariantList kernelSockets;
        bool operator==(const HostRow &) const = default;
    };

    static HostRow rowOf(const HostSnapshot &host);

    std::vector<HostRow> m_hosts;
};

} // namespace portlab
