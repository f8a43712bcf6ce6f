#import "PhotoAlbum.h"

@implementation PhotoAlbum {
    NSMutableArray<UIImage *> *_photos;
}

- (instancetype)initWithTitle:(NSString *)title {
    self = [super init];
    if (self) {
        _title = [title copy];
        _photos = [NSMutableArray array];
    }
    return self;
}

- (void)addPhoto:(UIImage *)photo {
    [_photos addObject:photo];
}

@end
