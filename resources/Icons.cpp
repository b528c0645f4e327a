// The icons are resources only (see CMakeLists.txt); this file gives the library a body.
namespace ow {
int iconLibraryVersion()
{
    return 1;
}
} // namespace ow
