<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CaseText</name>
    <message>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <source>Correction requested</source>
        <translation>Correction requested</translation>
    </message>
    <message>
        <source>Accepted with materials pending</source>
        <translation>Accepted with materials pending</translation>
    </message>
    <message>
        <source>Accepted on pledge</source>
        <translation>Accepted on pledge</translation>
    </message>
    <message>
        <source>Under review</source>
        <translation>Under review</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Denied</translation>
    </message>
    <message>
        <source>Concluded</source>
        <translation>Concluded</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>A case that is “%1” cannot become “%2”.</source>
        <translation>A case that is “%1” cannot become “%2”.</translation>
    </message>
</context>
<context>
    <name>CliText</name>
    <message>
        <source>Usage:
  onewindow store init|check|rekey --db PATH (--key-file PATH | --passphrase-stdin) [--device-id ID]
  onewindow audit verify --db PATH (--key-file PATH | --passphrase-stdin)
  onewindow audit case --db PATH (--key-file PATH | --passphrase-stdin) NUMBER
  onewindow case list --db PATH (--key-file PATH | --passphrase-stdin) [--state STATE]
  onewindow demo seed --db PATH --key-file PATH [--count N]
With --passphrase-stdin the passphrase is the first line of standard input; for rekey the new
passphrase is the second line.</source>
        <translation>Usage:
  onewindow store init|check|rekey --db PATH (--key-file PATH | --passphrase-stdin) [--device-id ID]
  onewindow audit verify --db PATH (--key-file PATH | --passphrase-stdin)
  onewindow audit case --db PATH (--key-file PATH | --passphrase-stdin) NUMBER
  onewindow case list --db PATH (--key-file PATH | --passphrase-stdin) [--state STATE]
  onewindow demo seed --db PATH --key-file PATH [--count N]
With --passphrase-stdin the passphrase is the first line of standard input; for rekey the new
passphrase is the second line.</translation>
    </message>
    <message>
        <source>Missing value after %1.</source>
        <translation>Missing value after %1.</translation>
    </message>
    <message>
        <source>Unknown option %1.</source>
        <translation>Unknown option %1.</translation>
    </message>
    <message>
        <source>Name the store with --db PATH.</source>
        <translation>Name the store with --db PATH.</translation>
    </message>
    <message>
        <source>Give exactly one of --key-file PATH or --passphrase-stdin.</source>
        <translation>Give exactly one of --key-file PATH or --passphrase-stdin.</translation>
    </message>
    <message>
        <source>A file already exists at this path; it was left untouched.</source>
        <translation>A file already exists at this path; it was left untouched.</translation>
    </message>
    <message>
        <source>Created store %1 for device %2.</source>
        <translation>Created store %1 for device %2.</translation>
    </message>
    <message>
        <source>Store is intact: schema version %1, %2 cases.</source>
        <translation>Store is intact: schema version %1, %2 cases.</translation>
    </message>
    <message>
        <source>The store has a new key.</source>
        <translation>The store has a new key.</translation>
    </message>
    <message>
        <source>The audit trail has been altered at entry %1.</source>
        <translation>The audit trail has been altered at entry %1.</translation>
    </message>
    <message>
        <source>Audit trail intact: %1 entries.</source>
        <translation>Audit trail intact: %1 entries.</translation>
    </message>
    <message>
        <source>Unknown state %1.</source>
        <translation>Unknown state %1.</translation>
    </message>
    <message>
        <source>Added %1 demo cases to %2.</source>
        <translation>Added %1 demo cases to %2.</translation>
    </message>
</context>
<context>
    <name>CryptoText</name>
    <message>
        <source>The passphrase could not be processed.</source>
        <translation>The passphrase could not be processed.</translation>
    </message>
</context>
<context>
    <name>FilesText</name>
    <message>
        <source>The disk is full. Nothing was changed; free some space and try again.</source>
        <translation>The disk is full. Nothing was changed; free some space and try again.</translation>
    </message>
    <message>
        <source>A file could not be written. Nothing was changed.</source>
        <translation>A file could not be written. Nothing was changed.</translation>
    </message>
</context>
<context>
    <name>KeysText</name>
    <message>
        <source>The store key could not be read. The store stays locked.</source>
        <translation>The store key could not be read. The store stays locked.</translation>
    </message>
    <message>
        <source>The key file can be read by other users. Restrict it to the service user (chmod 600) and try again.</source>
        <translation>The key file can be read by other users. Restrict it to the service user (chmod 600) and try again.</translation>
    </message>
    <message>
        <source>The passphrase must not be empty.</source>
        <translation>The passphrase must not be empty.</translation>
    </message>
    <message>
        <source>Enter the new passphrase.</source>
        <translation>Enter the new passphrase.</translation>
    </message>
</context>
<context>
    <name>StoreText</name>
    <message>
        <source>The disk is full. The last change was not saved; everything saved before is intact. Free some space and try again.</source>
        <translation>The disk is full. The last change was not saved; everything saved before is intact. Free some space and try again.</translation>
    </message>
    <message>
        <source>The store could not write to the disk (it may be full). The last change was not saved; everything saved before is intact.</source>
        <translation>The store could not write to the disk (it may be full). The last change was not saved; everything saved before is intact.</translation>
    </message>
    <message>
        <source>The store could not read or write its file.</source>
        <translation>The store could not read or write its file.</translation>
    </message>
    <message>
        <source>The key does not match this database.</source>
        <translation>The key does not match this database.</translation>
    </message>
    <message>
        <source>The store file is damaged.</source>
        <translation>The store file is damaged.</translation>
    </message>
    <message>
        <source>The store file could not be opened.</source>
        <translation>The store file could not be opened.</translation>
    </message>
    <message>
        <source>This record already exists.</source>
        <translation>This record already exists.</translation>
    </message>
    <message>
        <source>The store reported an error.</source>
        <translation>The store reported an error.</translation>
    </message>
    <message>
        <source>No case with this number is stored on this device.</source>
        <translation>No case with this number is stored on this device.</translation>
    </message>
    <message>
        <source>This case can no longer be edited: it is “%1”.</source>
        <translation>This case can no longer be edited: it is “%1”.</translation>
    </message>
    <message>
        <source>This attachment is not stored on this device.</source>
        <translation>This attachment is not stored on this device.</translation>
    </message>
    <message>
        <source>This store was written by a newer version of OneWindow. Update the program to open it.</source>
        <translation>This store was written by a newer version of OneWindow. Update the program to open it.</translation>
    </message>
    <message>
        <source>This file is not a OneWindow store. It was left untouched.</source>
        <translation>This file is not a OneWindow store. It was left untouched.</translation>
    </message>
    <message>
        <source>The store could not write to the disk (it may be full).</source>
        <translation>The store could not write to the disk (it may be full).</translation>
    </message>
    <message>
        <source>The store file is damaged: it has been cut short.</source>
        <translation>The store file is damaged: it has been cut short.</translation>
    </message>
    <message>
        <source>There is no store at this location.</source>
        <translation>There is no store at this location.</translation>
    </message>
    <message>
        <source>The key for this store is missing. The store stays locked.</source>
        <translation>The key for this store is missing. The store stays locked.</translation>
    </message>
    <message>
        <source>The audit trail has been altered at entry %1.</source>
        <translation>The audit trail has been altered at entry %1.</translation>
    </message>
</context>
</TS>
