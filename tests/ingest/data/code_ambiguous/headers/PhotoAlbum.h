#import <Foundation/Foundation.h>
#import <UIKit/UIKit.h>

NS_ASSUME_NONNULL_BEGIN

/// A collection of photos shown in one grid.
@interface PhotoAlbum : NSObject

@property (nonatomic, copy) NSString *title;
@property (nonatomic, strong, readonly) NSArray<UIImage *> *photos;

- (instancetype)initWithTitle:(NSString *)title;
- (void)addPhoto:(UIImage *)photo;

@end

NS_ASSUME_NONNULL_END
