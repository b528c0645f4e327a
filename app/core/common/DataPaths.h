#pragma once

#include <QString>

// Where the programs find their data (the service catalog in forms/): one rule for every program,
// so an installed tree, a build tree and a package all run the same way. No path of the machine
// the programs were built on is compiled in.
namespace ow::dataPaths {

// The data folder, share/onewindow: $OW_DATA_DIR, else <executable>/../share/onewindow.
QString dataDir();

// The catalog folder: `explicitDir` (a command-line option) when given, else $OW_FORMS_DIR, else
// dataDir()/forms. The folder is not checked here: whoever reads it reports what is missing.
QString formsDir(const QString &explicitDir = QString());

} // namespace ow::dataPaths
