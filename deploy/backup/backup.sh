# Tryggingskopi av databasen til sporingstenesta medan ho køyrer. Kopiane ligg i /var/backups/koord-tracker.
install -d -o koord -g koord -m 0750 /var/backups/koord-tracker
sudo -u koord env KOORD_TRACKER_DATA_DIR=/var/lib/koord-tracker \
  /opt/koord/venv/bin/koord-tracker backup /var/backups/koord-tracker/tracker-$(date +%F-%H%M).sqlite3
