# Det sjølvsignerte sertifikatet frå Debian-pakken ssl-cert, til utprøving (nettlesaren åtvarar mot det).
make-ssl-cert generate-default-snakeoil --force-overwrite
