# Les inn den nyaste tryggingskopien i ei ny datamappe. Den gamle mappa blir liggjande som koord-tracker.gammal.
systemctl stop koord-tracker
mv -T /var/lib/koord-tracker /var/lib/koord-tracker.gammal
install -d -o koord -g koord -m 0750 /var/lib/koord-tracker
kopi=$(ls -t /var/backups/koord-tracker/tracker-*.sqlite3 | head -n 1)
sudo -u koord env KOORD_TRACKER_DATA_DIR=/var/lib/koord-tracker /opt/koord/venv/bin/koord-tracker restore "$kopi"
systemctl start koord-tracker
