<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CaseText</name>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收件</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Correction requested</source>
        <translation>补齐补正</translation>
    </message>
    <message>
        <source>Accepted with materials pending</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <source>Accepted on pledge</source>
        <translation>告知承诺受理</translation>
    </message>
    <message>
        <source>Under review</source>
        <translation>审查中</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>特别程序（挂起）</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>准予许可</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>不予许可</translation>
    </message>
    <message>
        <source>Concluded</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>已出件</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤件</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退件</translation>
    </message>
    <message>
        <source>A case that is “%1” cannot become “%2”.</source>
        <translation>状态为“%1”的办件不能转为“%2”。</translation>
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
        <translation>用法：
  onewindow store init|check|rekey --db 路径 (--key-file 路径 | --passphrase-stdin) [--device-id 设备号]
  onewindow audit verify --db 路径 (--key-file 路径 | --passphrase-stdin)
  onewindow audit case --db 路径 (--key-file 路径 | --passphrase-stdin) 办件编号
  onewindow case list --db 路径 (--key-file 路径 | --passphrase-stdin) [--state 状态]
  onewindow demo seed --db 路径 --key-file 路径 [--count 数量]
使用 --passphrase-stdin 时，口令为标准输入的第一行；更换密钥（rekey）时，新口令为第二行。</translation>
    </message>
    <message>
        <source>Missing value after %1.</source>
        <translation>%1 后缺少取值。</translation>
    </message>
    <message>
        <source>Unknown option %1.</source>
        <translation>未知选项 %1。</translation>
    </message>
    <message>
        <source>Name the store with --db PATH.</source>
        <translation>请用 --db 路径 指定数据存储。</translation>
    </message>
    <message>
        <source>Give exactly one of --key-file PATH or --passphrase-stdin.</source>
        <translation>请在 --key-file 路径 与 --passphrase-stdin 中二选一。</translation>
    </message>
    <message>
        <source>A file already exists at this path; it was left untouched.</source>
        <translation>此路径已有文件，未作任何改动。</translation>
    </message>
    <message>
        <source>Created store %1 for device %2.</source>
        <translation>已为设备 %2 创建数据存储 %1。</translation>
    </message>
    <message>
        <source>Store is intact: schema version %1, %2 cases.</source>
        <translation>数据存储完好：结构版本 %1，共 %2 件办件。</translation>
    </message>
    <message>
        <source>The store has a new key.</source>
        <translation>数据存储已更换新密钥。</translation>
    </message>
    <message>
        <source>The audit trail has been altered at entry %1.</source>
        <translation>审计记录在第 %1 条处被篡改。</translation>
    </message>
    <message>
        <source>Audit trail intact: %1 entries.</source>
        <translation>审计记录完整：共 %1 条。</translation>
    </message>
    <message>
        <source>Unknown state %1.</source>
        <translation>未知状态 %1。</translation>
    </message>
    <message>
        <source>Added %1 demo cases to %2.</source>
        <translation>已向 %2 添加 %1 件演示办件。</translation>
    </message>
</context>
<context>
    <name>CryptoText</name>
    <message>
        <source>The passphrase could not be processed.</source>
        <translation>无法处理该口令。</translation>
    </message>
</context>
<context>
    <name>FilesText</name>
    <message>
        <source>The disk is full. Nothing was changed; free some space and try again.</source>
        <translation>磁盘已满，未作任何更改；请清理磁盘空间后重试。</translation>
    </message>
    <message>
        <source>A file could not be written. Nothing was changed.</source>
        <translation>文件无法写入，未作任何更改。</translation>
    </message>
</context>
<context>
    <name>KeysText</name>
    <message>
        <source>The store key could not be read. The store stays locked.</source>
        <translation>无法读取存储密钥，数据仍保持锁定。</translation>
    </message>
    <message>
        <source>The key file can be read by other users. Restrict it to the service user (chmod 600) and try again.</source>
        <translation>密钥文件可被其他用户读取。请将其权限限定为服务用户（chmod 600）后重试。</translation>
    </message>
    <message>
        <source>The passphrase must not be empty.</source>
        <translation>口令不能为空。</translation>
    </message>
    <message>
        <source>Enter the new passphrase.</source>
        <translation>请输入新口令。</translation>
    </message>
</context>
<context>
    <name>StoreText</name>
    <message>
        <source>The disk is full. The last change was not saved; everything saved before is intact. Free some space and try again.</source>
        <translation>磁盘已满，最后一次修改未保存；此前保存的内容完好无损。请清理磁盘空间后重试。</translation>
    </message>
    <message>
        <source>The store could not write to the disk (it may be full). The last change was not saved; everything saved before is intact.</source>
        <translation>数据存储无法写入磁盘（磁盘可能已满），最后一次修改未保存；此前保存的内容完好无损。</translation>
    </message>
    <message>
        <source>The store could not read or write its file.</source>
        <translation>数据存储无法读写其文件。</translation>
    </message>
    <message>
        <source>The key does not match this database.</source>
        <translation>密钥与此数据库不匹配。</translation>
    </message>
    <message>
        <source>The store file is damaged.</source>
        <translation>数据存储文件已损坏。</translation>
    </message>
    <message>
        <source>The store file could not be opened.</source>
        <translation>无法打开数据存储文件。</translation>
    </message>
    <message>
        <source>This record already exists.</source>
        <translation>此记录已存在。</translation>
    </message>
    <message>
        <source>The store reported an error.</source>
        <translation>数据存储发生错误。</translation>
    </message>
    <message>
        <source>No case with this number is stored on this device.</source>
        <translation>本设备上没有此编号的办件。</translation>
    </message>
    <message>
        <source>This case can no longer be edited: it is “%1”.</source>
        <translation>此办件已不能修改：当前状态为“%1”。</translation>
    </message>
    <message>
        <source>This attachment is not stored on this device.</source>
        <translation>本设备上没有此附件。</translation>
    </message>
    <message>
        <source>This store was written by a newer version of OneWindow. Update the program to open it.</source>
        <translation>此数据存储由更新版本的一窗通写入，请升级程序后再打开。</translation>
    </message>
    <message>
        <source>This file is not a OneWindow store. It was left untouched.</source>
        <translation>此文件不是一窗通数据存储，未作任何改动。</translation>
    </message>
    <message>
        <source>The store could not write to the disk (it may be full).</source>
        <translation>数据存储无法写入磁盘（磁盘可能已满）。</translation>
    </message>
    <message>
        <source>The store file is damaged: it has been cut short.</source>
        <translation>数据存储文件已损坏：文件不完整（被截断）。</translation>
    </message>
    <message>
        <source>There is no store at this location.</source>
        <translation>此位置没有数据存储。</translation>
    </message>
    <message>
        <source>The key for this store is missing. The store stays locked.</source>
        <translation>缺少此数据存储的密钥，数据仍保持锁定。</translation>
    </message>
    <message>
        <source>The audit trail has been altered at entry %1.</source>
        <translation>审计记录在第 %1 条处被篡改。</translation>
    </message>
</context>
</TS>
